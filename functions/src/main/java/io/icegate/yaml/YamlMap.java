package io.icegate.yaml;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A YAML mapping at a known path in the contract, read field by field. Duplicate keys are problems
 * here because composing (unlike constructing) does not check them.
 */
public final class YamlMap {

  private final MappingNode node;
  private final String path;
  private final Problems problems;
  private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

  private YamlMap(MappingNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    for (NodeTuple tuple : node.getValue()) {
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      NodeTuple first = fields.putIfAbsent(key, tuple);
      if (first != null) {
        problems.add(tuple.getKeyNode(), path(key), "duplicate field '" + key + "' (first on line "
            + (first.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(0)) + ")");
      }
    }
  }

  /** The node as a mapping, or empty with a problem when it is something else. */
  public static Optional<YamlMap> of(Node node, String path, Problems problems) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlMap(mapping, path, problems));
    }
    problems.add(node, path, "must be a mapping of fields, found " + Nodes.describe(node));
    return Optional.empty();
  }

  public MappingNode node() {
    return node;
  }

  public String path() {
    return path;
  }

  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public int line() {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  public Set<String> keys() {
    return fields.keySet();
  }

  public Node keyNode(String key) {
    return fields.get(key).getKeyNode();
  }

  /** The value node, even a YAML null, or null when the key is absent. */
  public Node raw(String key) {
    NodeTuple tuple = fields.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  /** The value node; empty when the key is absent or its value is a YAML null. */
  public Optional<Node> get(String key) {
    return Optional.ofNullable(raw(key)).filter(n -> !Nodes.isNull(n));
  }

  /** Reports keys outside {@code known}, which are almost always typos. */
  public void rejectUnknown(Collection<String> known, String owner) {
    for (String key : fields.keySet()) {
      if (!known.contains(key)) {
        problems.add(keyNode(key), path(key), "unknown field '" + key + "' in " + owner
            + Suggestions.didYouMean(key, known));
      }
    }
  }

  public String text(String key) {
    return get(key).map(n -> Nodes.text(n, path(key), problems)).orElse(null);
  }

  public String requiredText(String key) {
    String value = text(key);
    if (value == null && get(key).isEmpty()) {
      problems.add(node, path(key), "required field '" + key + "' is missing");
    }
    return value;
  }

  public boolean flag(String key) {
    return get(key).map(n -> Nodes.bool(n, path(key), problems)).orElse(false) == Boolean.TRUE;
  }

  public Integer integer(String key) {
    return get(key).map(n -> Nodes.integer(n, path(key), problems)).orElse(null);
  }

  public BigDecimal number(String key) {
    return get(key).map(n -> Nodes.number(n, path(key), problems, key)).orElse(null);
  }

  public List<Node> list(String key) {
    return get(key).map(n -> Nodes.list(n, path(key), problems)).orElse(List.of());
  }

  /** A nested mapping, empty when absent. */
  public Optional<YamlMap> map(String key) {
    return get(key).flatMap(n -> of(n, path(key), problems));
  }
}
