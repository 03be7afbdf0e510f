package io.icegate.contract;

import io.icegate.yaml.YamlMap;
import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.contract.QualityReader.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads ODCS {@code schema}: the objects (tables) and their properties (columns). */
final class SchemaReader {

  private static final Set<String> OBJECT_FIELDS = Set.of("id", "name", "physicalName", "physicalType",
      "logicalType", "description", "businessName", "authoritativeDefinitions", "tags", "customProperties",
      "dataGranularityDescription", "properties", "relationships", "quality");

  /** ODCS property fields; {@code items} and nested {@code properties} are named so they are refused as such. */
  private static final Set<String> PROPERTY_FIELDS = Set.of("id", "name", "physicalName", "physicalType",
      "logicalType", "logicalTypeOptions", "description", "businessName", "authoritativeDefinitions", "tags",
      "customProperties", "primaryKey", "primaryKeyPosition", "required", "unique", "partitioned",
      "partitionKeyPosition", "classification", "encryptedName", "transformSourceObjects", "transformLogic",
      "transformDescription", "examples", "criticalDataElement", "relationships", "quality", "items",
      "properties");

  private static final String LOGICAL_TYPES =
      Arrays.stream(LogicalType.values()).map(LogicalType::odcsName).collect(Collectors.joining(", "));

  /** A partitioned property without partitionKeyPosition goes after the numbered ones. */
  private static final int UNNUMBERED = Integer.MAX_VALUE;

  private final Problems problems;
  private final QualityReader quality;

  SchemaReader(Problems problems) {
    this.problems = problems;
    this.quality = new QualityReader(problems);
  }

  List<SchemaObject> read(YamlMap contract) {
    Optional<Node> schema = contract.get("schema");
    if (schema.isEmpty()) {
      problems.add(contract.node(), "schema", "required field 'schema' is missing: icegate needs at least"
          + " one schema object describing the dataset");
      return List.of();
    }
    List<SchemaObject> objects = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<Node> nodes = Nodes.list(schema.get(), "schema", problems);
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = "schema[" + i + "]";
      YamlMap.of(node, path, problems)
          .map(this::object)
          .filter(o -> o.name() != null && unique(seen, o.name(), "schema object", node, path))
          .ifPresent(objects::add);
    }
    return objects;
  }

  private SchemaObject object(YamlMap m) {
    String name = m.requiredText("name");
    m.rejectUnknown(OBJECT_FIELDS, "schema object '" + name + "'");
    String logicalType = m.text("logicalType");
    if (logicalType != null && !logicalType.equals("object")) {
      problems.add(m.raw("logicalType"), m.path("logicalType"),
          "a schema object's logicalType must be 'object', found '" + logicalType + "'");
    }
    CustomProperties.rejectIcegateOptions(m, problems);
    List<Property> properties = properties(m, name);
    Set<String> columns = properties.stream().map(Property::name).collect(Collectors.toCollection(LinkedHashSet::new));
    List<QualityRule> rules = quality.read(m, Scope.table(name, columns));
    return new SchemaObject(name, m.text("physicalName"), numberPartitionKeys(properties), rules, m.line());
  }

  private List<Property> properties(YamlMap object, String objectName) {
    List<Property> properties = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Map<Integer, String> positions = new HashMap<>();
    List<Node> nodes = object.list("properties");
    Node declared = object.raw("properties");
    if (declared == null || Nodes.isNull(declared) || declared instanceof SequenceNode && nodes.isEmpty()) {
      problems.add(object.node(), object.path("properties"), "schema object '" + objectName + "' has no properties");
    }
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = object.path("properties") + "[" + i + "]";
      YamlMap.of(node, path, problems)
          .map(p -> property(p, objectName, positions))
          .filter(p -> p.name() != null && unique(seen, p.name(), "property", node, path))
          .ifPresent(properties::add);
    }
    return properties;
  }

  private Property property(YamlMap m, String object, Map<Integer, String> positions) {
    String name = m.requiredText("name");
    m.rejectUnknown(PROPERTY_FIELDS, "property '" + name + "'");
    LogicalType type = logicalType(m);
    String physicalName = m.text("physicalName");
    if (physicalName != null && !physicalName.equals(name)) {
      problems.add(m.raw("physicalName"), m.path("physicalName"), "physicalName '" + physicalName
          + "' differs from name '" + name + "': icegate matches upload columns by name, so rename the property");
    }
    CustomProperties.rejectIcegateOptions(m, problems);
    m.integer("primaryKeyPosition"); // checked only: icegate enforces key uniqueness, not key order
    return new Property(name, type, m.text("physicalType"), m.flag("required"), m.flag("unique"),
        m.flag("primaryKey"), partitionKeyPosition(m, name, positions), TypeOptionsReader.read(m, type, problems),
        quality.read(m, Scope.property(object, name, type)), m.line());
  }

  private LogicalType logicalType(YamlMap m) {
    String text = m.text("logicalType");
    Node at = m.raw("logicalType");
    if (text == null) {
      problems.add(m.node(), m.path("logicalType"), "required field 'logicalType' is missing (icegate needs"
          + " it to store the column; one of " + LOGICAL_TYPES + ")");
      return null;
    }
    if (text.equals("object") || text.equals("array")) {
      problems.add(at, m.path("logicalType"), "logicalType " + text + " (nested data) is not supported"
          + " by icegate; flatten it into top-level properties");
      return null;
    }
    for (String nested : List.of("items", "properties")) {
      if (m.keys().contains(nested)) {
        problems.add(m.keyNode(nested), m.path(nested), "'" + nested + "' describes nested data, which is not"
            + " supported by icegate; flatten it into top-level properties");
      }
    }
    return LogicalType.fromOdcs(text).orElseGet(() -> {
      problems.add(at, m.path("logicalType"),
          "unknown logicalType '" + text + "' (expected one of " + LOGICAL_TYPES + ")");
      return null;
    });
  }

  /** Null when not partitioned; ODCS writes -1 for "no position". */
  private Integer partitionKeyPosition(YamlMap m, String name, Map<Integer, String> positions) {
    boolean partitioned = m.flag("partitioned");
    Integer position = m.integer("partitionKeyPosition");
    Node at = m.raw("partitionKeyPosition");
    if (position == null || position == -1) {
      return partitioned ? UNNUMBERED : null;
    }
    if (position < 1) {
      problems.add(at, m.path("partitionKeyPosition"), "partitionKeyPosition must be 1 or more (or -1 for none)");
    } else if (!partitioned) {
      problems.add(at, m.path("partitionKeyPosition"),
          "partitionKeyPosition " + position + " is set but partitioned is not true");
    } else if (positions.putIfAbsent(position, name) != null) {
      problems.add(at, m.path("partitionKeyPosition"),
          "partitionKeyPosition " + position + " is already used by property '" + positions.get(position) + "'");
    } else {
      return position;
    }
    return null;
  }

  /** Positions may have gaps or be missing; only their order counts, so they become 1..n. */
  private static List<Property> numberPartitionKeys(List<Property> properties) {
    List<Property> keys = properties.stream()
        .filter(p -> p.partitionKeyPosition() != null)
        .sorted(Comparator.comparing(Property::partitionKeyPosition))
        .toList();
    return properties.stream()
        .map(p -> p.partitionKeyPosition() == null ? p : new Property(p.name(), p.logicalType(),
            p.physicalType(), p.required(), p.unique(), p.primaryKey(), keys.indexOf(p) + 1, p.options(),
            p.quality(), p.line()))
        .toList();
  }

  /**
   * False, with a problem, for a name used before. Case is ignored because query engines such as
   * DuckDB fold identifiers, so {@code Id} and {@code id} would collide in the table.
   */
  private boolean unique(Map<String, Integer> seen, String name, String what, Node at, String path) {
    int line = at.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    Integer first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), line);
    if (first != null) {
      problems.add(at, path, "duplicate " + what + " '" + name + "' (first on line " + first + ")");
      return false;
    }
    return true;
  }
}
