package io.icegate.contract;

import io.icegate.yaml.YamlMap;
import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.yaml.Suggestions;
import static io.icegate.contract.LogicalType.BOOLEAN;
import static io.icegate.contract.LogicalType.DATE;
import static io.icegate.contract.LogicalType.INTEGER;
import static io.icegate.contract.LogicalType.NUMBER;
import static io.icegate.contract.LogicalType.STRING;
import static io.icegate.contract.LogicalType.TIMESTAMP;

import io.icegate.contract.CustomProperties.Entry;
import io.icegate.contract.IcegateOptions.ExtraColumns;
import io.icegate.contract.IcegateOptions.RejectMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads icegate's own options from the top-level {@code customProperties} entries named
 * {@code icegate.*}; other custom properties belong to other tools and are left alone.
 */
final class OptionsReader {

  private static final List<String> NAMES = List.of("icegate.rejectMode", "icegate.maxRejectedPercent",
      "icegate.extraColumns", "icegate.freshness", "icegate.partitioning");

  /** {@code day(ts)}, {@code bucket(16, id)}, {@code identity(c)} or a bare column name. */
  private static final Pattern TRANSFORM = Pattern.compile(
      "(?<fn>year|month|day|hour|identity)\\(\\s*(?<col>[^(),\\s]+)\\s*\\)"
          + "|(?<wfn>bucket|truncate)\\(\\s*(?<width>\\d+)\\s*,\\s*(?<wcol>[^(),\\s]+)\\s*\\)"
          + "|(?<bare>[^(),\\s]+)");

  /** Column types each Iceberg transform accepts; identity accepts all. */
  private static final Map<String, Set<LogicalType>> TRANSFORM_TYPES = Map.of(
      "year", EnumSet.of(DATE, TIMESTAMP),
      "month", EnumSet.of(DATE, TIMESTAMP),
      "day", EnumSet.of(DATE, TIMESTAMP),
      "hour", EnumSet.of(TIMESTAMP),
      "bucket", EnumSet.complementOf(EnumSet.of(BOOLEAN)),
      "truncate", EnumSet.of(INTEGER, NUMBER, STRING));

  private final List<SchemaObject> schema;
  private final Problems problems;
  private RejectMode rejectMode = IcegateOptions.DEFAULTS.rejectMode();
  private double maxRejectedPercent = IcegateOptions.DEFAULTS.maxRejectedPercent();
  private ExtraColumns extraColumns = IcegateOptions.DEFAULTS.extraColumns();
  private String freshnessColumn;
  private Duration freshnessMaxAge;
  private final List<String> partitioning = new ArrayList<>();

  private OptionsReader(List<SchemaObject> schema, Problems problems) {
    this.schema = schema;
    this.problems = problems;
  }

  /** The options, with ODCS {@code partitioned} properties appended as identity partition fields. */
  static IcegateOptions read(YamlMap contract, List<SchemaObject> schema, Problems problems) {
    OptionsReader reader = new OptionsReader(schema, problems);
    Set<String> seen = new HashSet<>();
    for (Entry entry : CustomProperties.read(contract, problems)) {
      if (!entry.name().startsWith(CustomProperties.PREFIX)) {
        continue;
      }
      if (!seen.add(entry.name())) {
        problems.add(entry.nameNode(), entry.namePath(), "'" + entry.name() + "' is set twice");
      } else if (entry.value() == null) {
        problems.add(entry.nameNode(), entry.valuePath(), "'" + entry.name() + "' needs a value");
      } else {
        reader.option(entry);
      }
    }
    reader.addPartitionedProperties();
    return new IcegateOptions(reader.rejectMode, reader.maxRejectedPercent, reader.extraColumns,
        reader.freshnessColumn, reader.freshnessMaxAge, reader.partitioning);
  }

  private void option(Entry entry) {
    Node value = entry.value();
    String path = entry.valuePath();
    switch (entry.name()) {
      case "icegate.rejectMode" -> rejectMode = choice(value, path, RejectMode.class, rejectMode);
      case "icegate.extraColumns" -> extraColumns = choice(value, path, ExtraColumns.class, extraColumns);
      case "icegate.maxRejectedPercent" -> {
        BigDecimal percent = Nodes.number(value, path, problems, entry.name());
        if (percent != null && (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0)) {
          problems.add(value, path, "icegate.maxRejectedPercent must be between 0 and 100, found " + percent);
        } else if (percent != null) {
          maxRejectedPercent = percent.doubleValue();
        }
      }
      case "icegate.freshness" -> YamlMap.of(value, path, problems).ifPresent(this::freshness);
      case "icegate.partitioning" -> {
        List<Node> items = value instanceof SequenceNode ? Nodes.list(value, path, problems) : List.of(value);
        for (int i = 0; i < items.size(); i++) {
          partitionField(items.get(i), value instanceof SequenceNode ? path + "[" + i + "]" : path);
        }
      }
      default -> problems.add(entry.nameNode(), entry.namePath(), "unknown icegate option '" + entry.name() + "'"
          + Suggestions.didYouMean(entry.name(), NAMES) + " (known: " + String.join(", ", NAMES) + ")");
    }
  }

  private <E extends Enum<E>> E choice(Node value, String path, Class<E> type, E fallback) {
    String text = Nodes.text(value, path, problems);
    if (text == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    List<String> names = EnumSet.allOf(type).stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    problems.add(value, path, "unknown value '" + text + "' (expected " + String.join(" or ", names) + ")");
    return fallback;
  }

  private void freshness(YamlMap m) {
    m.rejectUnknown(Set.of("column", "maxAge"), "icegate.freshness");
    String column = m.requiredText("column");
    String maxAge = m.requiredText("maxAge");
    if (column != null && checkColumn(column, m.raw("column"), m.path("column"), "freshness",
        EnumSet.of(DATE, TIMESTAMP))) {
      freshnessColumn = column;
    }
    if (maxAge == null) {
      return;
    }
    try {
      Duration age = Duration.parse(maxAge);
      if (age.isNegative() || age.isZero()) {
        problems.add(m.raw("maxAge"), m.path("maxAge"), "maxAge must be positive, found " + maxAge);
      } else {
        freshnessMaxAge = age;
      }
    } catch (DateTimeParseException e) {
      problems.add(m.raw("maxAge"), m.path("maxAge"),
          "maxAge '" + maxAge + "' is not an ISO-8601 duration such as PT24H or P2D");
    }
  }

  private void partitionField(Node node, String path) {
    String text = Nodes.text(node, path, problems);
    if (text == null) {
      return;
    }
    Matcher m = TRANSFORM.matcher(text.strip());
    if (!m.matches()) {
      problems.add(node, path, "'" + text + "' is not a partition field; use a column name or year(c), month(c),"
          + " day(c), hour(c), identity(c), bucket(n, c), truncate(n, c)");
      return;
    }
    String transform = m.group("fn") != null ? m.group("fn") : m.group("wfn");
    String column = column(m);
    String field = transform == null || transform.equals("identity") ? column
        : m.group("width") == null ? transform + "(" + column + ")"
        : transform + "(" + m.group("width") + ", " + column + ")";
    if (m.group("width") != null && Integer.parseInt(m.group("width")) < 1) {
      problems.add(node, path, transform + " needs a width of 1 or more");
    } else if (partitioning.contains(field)) {
      problems.add(node, path, "partition field '" + field + "' is listed twice");
    } else if (checkColumn(column, node, path, transform == null || transform.equals("identity") ? "partition"
        : transform + "()", transform == null ? EnumSet.allOf(LogicalType.class)
            : TRANSFORM_TYPES.getOrDefault(transform, EnumSet.allOf(LogicalType.class)))) {
      partitioning.add(field);
    }
  }

  /** Appends ODCS partitioned properties whose column no icegate.partitioning field uses yet. */
  private void addPartitionedProperties() {
    Set<String> used = new HashSet<>();
    for (String field : partitioning) {
      Matcher m = TRANSFORM.matcher(field);
      if (m.matches()) {
        used.add(column(m));
      }
    }
    for (int i = 0; i < schema.size(); i++) {
      List<Property> properties = schema.get(i).properties();
      String path = "schema[" + i + "].properties[";
      properties.stream()
          .filter(p -> p.partitionKeyPosition() != null)
          .sorted((a, b) -> Integer.compare(a.partitionKeyPosition(), b.partitionKeyPosition()))
          .filter(p -> used.add(p.name()))
          .forEach(p -> {
            for (SchemaObject other : schema) {
              if (other.property(p.name()).isEmpty()) {
                problems.add(p.line(), 0, path + properties.indexOf(p) + "].partitioned", "partitioned column '"
                    + p.name() + "' is not a property of schema object '" + other.name()
                    + "'; icegate partitioning applies to every object of the contract");
              }
            }
            partitioning.add(p.name());
          });
    }
  }

  private static String column(Matcher m) {
    return m.group("col") != null ? m.group("col") : m.group("wcol") != null ? m.group("wcol") : m.group("bare");
  }

  /** True when every schema object has the column with one of the types. */
  private boolean checkColumn(String column, Node at, String path, String use, Set<LogicalType> types) {
    boolean ok = true;
    for (SchemaObject object : schema) {
      Property property = object.property(column).orElse(null);
      if (property == null) {
        problems.add(at, path, use + " column '" + column + "' is not a property of schema object '"
            + object.name() + "'" + Suggestions.didYouMean(column,
                object.properties().stream().map(Property::name).toList()));
        ok = false;
      } else if (property.logicalType() != null && !types.contains(property.logicalType())) {
        problems.add(at, path, use + " needs a column of type " + String.join(" or ",
            types.stream().map(LogicalType::odcsName).toList()) + "; '" + column + "' is "
            + property.logicalType().odcsName());
        ok = false;
      }
    }
    return ok;
  }
}
