package io.icegate.contract;

import io.icegate.yaml.YamlMap;
import io.icegate.yaml.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** ODCS {@code customProperties}: a list of {@code {property, value}} entries on any element. */
final class CustomProperties {

  /** Names icegate reads as its own options. */
  static final String PREFIX = "icegate.";

  private static final Set<String> FIELDS = Set.of("id", "property", "value", "description");

  private CustomProperties() {}

  /** One entry at {@code path}; {@code value} is null when the entry has none. */
  record Entry(String name, Node nameNode, Node value, String path) {

    String namePath() {
      return path + ".property";
    }

    String valuePath() {
      return path + ".value";
    }
  }

  static List<Entry> read(YamlMap element, Problems problems) {
    List<Entry> entries = new ArrayList<>();
    List<Node> nodes = element.list("customProperties");
    for (int i = 0; i < nodes.size(); i++) {
      YamlMap.of(nodes.get(i), element.path("customProperties") + "[" + i + "]", problems).ifPresent(m -> {
        m.rejectUnknown(FIELDS, "custom property");
        String name = m.requiredText("property");
        if (name != null) {
          entries.add(new Entry(name, m.raw("property"), m.get("value").orElse(null), m.path()));
        }
      });
    }
    return entries;
  }

  /** Objects, properties and rules may carry custom properties, but icegate options live at the top. */
  static void rejectIcegateOptions(YamlMap element, Problems problems) {
    for (Entry entry : read(element, problems)) {
      if (entry.name().startsWith(PREFIX)) {
        problems.add(entry.nameNode(), entry.namePath(), "icegate options are read from the contract's top-level"
            + " customProperties only; move '" + entry.name() + "' there");
      }
    }
  }
}
