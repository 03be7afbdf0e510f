package io.icegate.contract;

import io.icegate.yaml.YamlMap;
import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.yaml.Suggestions;
import static io.icegate.contract.QualityRule.Metric.DUPLICATE_VALUES;
import static io.icegate.contract.QualityRule.Metric.INVALID_VALUES;
import static io.icegate.contract.QualityRule.Metric.MISSING_VALUES;
import static io.icegate.contract.QualityRule.Metric.ROW_COUNT;
import static io.icegate.contract.QualityRule.Type.LIBRARY;
import static io.icegate.contract.QualityRule.Type.SQL;
import static io.icegate.contract.QualityRule.Type.TEXT;

import io.icegate.contract.QualityRule.Metric;
import io.icegate.contract.QualityRule.Severity;
import io.icegate.contract.QualityRule.Type;
import io.icegate.contract.QualityRule.Unit;
import io.icegate.contract.Threshold.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads ODCS {@code quality} rules. Library metrics and SQL rules become checks that gate uploads,
 * text rules are kept for reports, and anything icegate cannot run (custom engines, unknown
 * metrics or operators) is refused: a rule that silently never runs is worse than none.
 */
final class QualityReader {

  private static final List<String> OPERATORS =
      Arrays.stream(Operator.values()).map(Operator::odcsName).toList();

  private static final Set<String> FIELDS = Stream.concat(OPERATORS.stream(), Stream.of(
          "id", "name", "description", "type", "metric", "rule", "arguments", "validValues", "unit",
          "query", "engine", "implementation", "dimension", "method", "severity", "businessImpact",
          "customProperties", "tags", "authoritativeDefinitions", "scheduler", "schedule"))
      .collect(Collectors.toUnmodifiableSet());

  /** Fields that belong to some rule types only; engine and implementation to custom rules. */
  private static final Map<String, Set<Type>> ONLY_FOR = Stream.concat(
          OPERATORS.stream().map(op -> Map.entry(op, EnumSet.of(LIBRARY, SQL))),
          Stream.of(
              Map.entry("unit", EnumSet.of(LIBRARY, SQL)),
              Map.entry("metric", EnumSet.of(LIBRARY)),
              Map.entry("rule", EnumSet.of(LIBRARY)),
              Map.entry("arguments", EnumSet.of(LIBRARY)),
              Map.entry("validValues", EnumSet.of(LIBRARY)),
              Map.entry("query", EnumSet.of(SQL)),
              Map.entry("engine", EnumSet.noneOf(Type.class)),
              Map.entry("implementation", EnumSet.noneOf(Type.class))))
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  /** v3.1 metric names, and the v3.0 rule names that mean the same. */
  private static final Map<String, Metric> METRICS = new LinkedHashMap<>();
  private static final Map<String, Metric> V30_RULES = Map.of(
      "duplicateCount", DUPLICATE_VALUES, "validValues", INVALID_VALUES);

  static {
    for (Metric m : Metric.values()) {
      METRICS.put(m.odcsName(), m);
    }
  }

  private static final Set<String> ARGUMENTS = Set.of("missingValues", "validValues", "pattern", "properties");

  /** {object}/{property} (v3.1), ${object}/${property} (v3.0), and {table}/{column} from examples. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$?\\{(object|table|property|column)}|\\$\\{([^}]*)}");

  private final Problems problems;
  private final Set<String> ids = new HashSet<>();

  QualityReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * Where rules are declared: a schema object (table-level rules, with its property names) or one
   * property of it.
   */
  record Scope(String object, String property, LogicalType type, Set<String> columns) {

    static Scope table(String object, Set<String> columns) {
      return new Scope(object, null, null, columns);
    }

    static Scope property(String object, String property, LogicalType type) {
      return new Scope(object, property, type, Set.of());
    }

    String where() {
      return property == null ? "schema object '" + object + "'" : "property '" + property + "'";
    }
  }

  /** The element's {@code quality} rules; rules with problems are left out (and reported). */
  List<QualityRule> read(YamlMap element, Scope scope) {
    List<QualityRule> rules = new ArrayList<>();
    List<Node> nodes = element.list("quality");
    for (int i = 0; i < nodes.size(); i++) {
      int index = i;
      YamlMap.of(nodes.get(i), element.path("quality") + "[" + i + "]", problems)
          .map(m -> rule(m, index, scope))
          .ifPresent(rules::add);
    }
    return rules;
  }

  private QualityRule rule(YamlMap m, int index, Scope scope) {
    int before = problems.count();
    m.rejectUnknown(FIELDS, "quality rule");
    CustomProperties.rejectIcegateOptions(m, problems);
    Type type = type(m);
    if (type == null) {
      return null;
    }
    for (String key : m.keys()) {
      Set<Type> types = ONLY_FOR.get(key);
      if (types != null && !types.contains(type)) {
        problems.add(m.keyNode(key), m.path(key), "'" + key + "' does not apply to a "
            + type.name().toLowerCase(Locale.ROOT) + " rule" + (type == TEXT ? " (text rules are not executed)" : ""));
      }
    }
    Metric metric = type == LIBRARY ? metric(m, scope) : null;
    Arguments arguments = metric == null ? Arguments.NONE : arguments(m, metric, scope);
    String query = type == SQL ? query(m, scope) : null;
    Threshold threshold = type == TEXT ? null : threshold(m);
    Unit unit = unit(m, type, metric, threshold);
    Severity severity = severity(m);
    String id = id(m, index, scope);
    if (problems.count() > before) {
      return null;
    }
    return new QualityRule(id, type, metric, scope.property(), arguments.validValues(), arguments.pattern(),
        arguments.missingValues(), arguments.properties(), query, threshold, unit, severity,
        m.text("description"), m.line());
  }

  private Type type(YamlMap m) {
    String type = m.text("type");
    String engine = m.text("engine");
    return switch (type == null ? "library" : type) {
      case "library" -> LIBRARY;
      case "sql" -> SQL;
      case "text" -> TEXT;
      case "custom" -> refuseType(m, "custom quality rules are not supported"
          + (engine == null ? "" : " (engine '" + engine + "')") + "; icegate runs library metrics and sql rules only");
      default -> refuseType(m, "unknown quality type '" + type + "' (expected library, sql, text or custom)");
    };
  }

  private Type refuseType(YamlMap m, String message) {
    problems.add(m.raw("type"), m.path("type"), message);
    return null;
  }

  private String id(YamlMap m, int index, Scope scope) {
    String id = m.text("id");
    if (id != null && !ids.add(id)) {
      problems.add(m.raw("id"), m.path("id"), "duplicate quality rule id '" + id + "'");
    }
    if (id == null) {
      id = m.text("name");
    }
    return id != null ? id
        : scope.object() + (scope.property() == null ? "" : "." + scope.property()) + ".quality[" + index + "]";
  }

  private Metric metric(YamlMap m, Scope scope) {
    String metric = m.text("metric");
    String rule = m.text("rule");
    if (metric != null && rule != null) {
      problems.add(m.keyNode("rule"), m.path("rule"), "set metric only (rule is its deprecated v3.0 spelling)");
      return null;
    }
    if (metric == null && rule == null) {
      problems.add(m.node(), m.path(), "library rule needs a metric (one of " + String.join(", ", METRICS.keySet())
          + "), or type sql or text");
      return null;
    }
    String key = metric != null ? "metric" : "rule";
    String name = metric != null ? metric : rule;
    Metric found = METRICS.containsKey(name) ? METRICS.get(name) : metric == null ? V30_RULES.get(name) : null;
    if (found == null) {
      problems.add(m.raw(key), m.path(key), "unknown " + key + " '" + name + "'"
          + Suggestions.didYouMean(name, METRICS.keySet())
          + " (icegate supports " + String.join(", ", METRICS.keySet()) + ")");
    } else if (found == ROW_COUNT && scope.property() != null) {
      problems.add(m.raw(key), m.path(key), "rowCount is a schema-level metric; move the rule to the quality"
          + " of schema object '" + scope.object() + "'");
    } else if (found != ROW_COUNT && found != DUPLICATE_VALUES && scope.property() == null) {
      problems.add(m.raw(key), m.path(key), found.odcsName() + " is a property-level metric; move the rule"
          + " to the quality of the property it checks");
    } else {
      return found;
    }
    return null;
  }

  /** A metric's {@code arguments}. */
  private record Arguments(List<String> validValues, String pattern, List<String> missingValues,
      List<String> properties) {
    static final Arguments NONE = new Arguments(List.of(), null, List.of(), List.of());
  }

  private Arguments arguments(YamlMap m, Metric metric, Scope scope) {
    YamlMap args = m.map("arguments").orElse(null);
    Set<String> allowed = switch (metric) {
      case MISSING_VALUES -> Set.of("missingValues");
      case INVALID_VALUES -> Set.of("validValues", "pattern");
      case DUPLICATE_VALUES -> scope.property() == null ? Set.of("properties") : Set.of();
      default -> Set.of();
    };
    if (args != null) {
      for (String key : args.keys()) {
        if (!allowed.contains(key)) {
          problems.add(args.keyNode(key), args.path(key), ARGUMENTS.contains(key)
              ? "argument '" + key + "' does not apply to metric " + metric.odcsName() + " in " + scope.where()
              : "unknown argument '" + key + "'" + Suggestions.didYouMean(key, ARGUMENTS));
        }
      }
    }
    // ODCS v3.0 wrote validValues directly on the rule
    Node validValues = args != null ? args.raw("validValues") : null;
    String validValuesPath = args != null ? args.path("validValues") : null;
    if (m.raw("validValues") != null) {
      if (validValues != null) {
        problems.add(m.keyNode("validValues"), m.path("validValues"),
            "validValues is set twice (here and in arguments)");
      } else if (metric != INVALID_VALUES) {
        problems.add(m.keyNode("validValues"), m.path("validValues"),
            "validValues does not apply to metric " + metric.odcsName());
      }
      validValues = m.raw("validValues");
      validValuesPath = m.path("validValues");
    }
    return switch (metric) {
      case MISSING_VALUES -> missingValues(args, m);
      case INVALID_VALUES -> invalidValues(args, m, validValues, validValuesPath, scope);
      case DUPLICATE_VALUES -> scope.property() == null ? duplicateColumns(args, m, scope) : Arguments.NONE;
      default -> Arguments.NONE;
    };
  }

  private Arguments missingValues(YamlMap args, YamlMap rule) {
    Node node = args == null ? null : args.get("missingValues").orElse(null);
    if (node == null) {
      problems.add(rule.node(), rule.path("arguments"),
          "missingValues needs arguments.missingValues, the values that count as missing (e.g. ['', 'N/A'])");
      return Arguments.NONE;
    }
    // null always counts as missing, so a null in the list adds nothing
    List<String> values = new ArrayList<>();
    List<Node> items = Nodes.list(node, args.path("missingValues"), problems);
    for (int i = 0; i < items.size(); i++) {
      String value = Nodes.text(items.get(i), args.path("missingValues") + "[" + i + "]", problems);
      if (value != null) {
        values.add(value);
      }
    }
    return new Arguments(List.of(), null, values, List.of());
  }

  private Arguments invalidValues(YamlMap args, YamlMap rule, Node validNode, String validPath, Scope scope) {
    String pattern = args == null ? null : args.text("pattern");
    if (validNode == null && pattern == null) {
      problems.add(rule.node(), rule.path("arguments"),
          "invalidValues needs arguments.validValues (a list) or arguments.pattern (a regular expression)");
      return Arguments.NONE;
    }
    if (validNode != null && pattern != null) {
      problems.add(args.keyNode("pattern"), args.path("pattern"), "use either validValues or pattern, not both");
      return Arguments.NONE;
    }
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        problems.add(args.raw("pattern"), args.path("pattern"), "pattern is not a valid regular expression: "
            + e.getDescription() + " near index " + e.getIndex());
      }
      return new Arguments(List.of(), pattern, List.of(), List.of());
    }
    List<String> values = new ArrayList<>();
    List<Node> items = Nodes.list(validNode, validPath, problems);
    if (items.isEmpty()) {
      problems.add(validNode, validPath, "validValues needs at least one value");
    }
    for (int i = 0; i < items.size(); i++) {
      String path = validPath + "[" + i + "]";
      String value = Nodes.text(items.get(i), path, problems);
      if (value == null) {
        problems.add(items.get(i), path, "a valid value cannot be null (use nullValues for nulls)");
      } else if (scope.type() != null && !Literals.fits(scope.type(), value)) {
        problems.add(items.get(i), path, "valid value '" + value + "' is not " + Literals.expected(scope.type())
            + " (logicalType " + scope.type().odcsName() + ")");
      } else {
        values.add(value);
      }
    }
    return new Arguments(values, null, List.of(), List.of());
  }

  private Arguments duplicateColumns(YamlMap args, YamlMap rule, Scope scope) {
    Node node = args == null ? null : args.get("properties").orElse(null);
    if (node == null) {
      problems.add(rule.node(), rule.path("arguments"), "duplicateValues on a schema object needs"
          + " arguments.properties, the columns that together must be unique");
      return Arguments.NONE;
    }
    List<String> columns = new ArrayList<>();
    List<Node> items = Nodes.list(node, args.path("properties"), problems);
    for (int i = 0; i < items.size(); i++) {
      String path = args.path("properties") + "[" + i + "]";
      String column = Nodes.text(items.get(i), path, problems);
      if (column == null) {
        continue;
      }
      if (!scope.columns().contains(column)) {
        problems.add(items.get(i), path, "'" + column + "' is not a property of " + scope.where()
            + Suggestions.didYouMean(column, scope.columns()));
      } else if (columns.contains(column)) {
        problems.add(items.get(i), path, "'" + column + "' is listed twice");
      } else {
        columns.add(column);
      }
    }
    return new Arguments(List.of(), null, List.of(), columns);
  }

  /** The query with placeholders normalised to {@code ${object}} and {@code ${property}}. */
  private String query(YamlMap m, Scope scope) {
    String query = m.requiredText("query");
    if (query == null) {
      return null;
    }
    Matcher matcher = PLACEHOLDER.matcher(query);
    StringBuilder normalised = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement = matcher.group();
      if (name == null) {
        problems.add(m.raw("query"), m.path("query"), "unknown placeholder '" + matcher.group()
            + "' (use {object} for the table and {property} for the column)");
      } else if (name.equals("object") || name.equals("table")) {
        replacement = "${object}";
      } else if (scope.property() == null) {
        problems.add(m.raw("query"), m.path("query"), "placeholder '" + matcher.group()
            + "' needs a property; this rule belongs to " + scope.where());
      } else {
        replacement = "${property}";
      }
      matcher.appendReplacement(normalised, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(normalised);
    return normalised.toString();
  }

  private Threshold threshold(YamlMap m) {
    List<String> present = OPERATORS.stream().filter(m.keys()::contains).toList();
    if (present.isEmpty()) {
      problems.add(m.node(), m.path(), "rule needs one operator: " + String.join(", ", OPERATORS));
      return null;
    }
    if (present.size() > 1) {
      problems.add(m.keyNode(present.get(1)), m.path(present.get(1)), "rule has " + present.size()
          + " operators (" + String.join(", ", present) + "); use exactly one (mustBeBetween for a range)");
      return null;
    }
    String name = present.get(0);
    Operator operator = Operator.values()[OPERATORS.indexOf(name)];
    Node node = m.raw(name);
    String path = m.path(name);
    if (operator != Operator.MUST_BE_BETWEEN && operator != Operator.MUST_NOT_BE_BETWEEN) {
      BigDecimal value = Nodes.number(node, path, problems, name);
      return value == null ? null : new Threshold(operator, value, null);
    }
    List<Node> items = Nodes.list(node, path, problems);
    if (items.size() != 2) {
      problems.add(node, path, name + " needs two numbers [low, high], found " + Nodes.describe(node)
          + (items.isEmpty() ? "" : " with " + items.size()));
      return null;
    }
    BigDecimal low = Nodes.number(items.get(0), path + "[0]", problems, name);
    BigDecimal high = Nodes.number(items.get(1), path + "[1]", problems, name);
    if (low == null || high == null) {
      return null;
    }
    if (low.compareTo(high) >= 0) {
      problems.add(node, path, name + " needs [low, high] with low < high, found [" + low + ", " + high + "]");
      return null;
    }
    return new Threshold(operator, low, high);
  }

  private Unit unit(YamlMap m, Type type, Metric metric, Threshold threshold) {
    String unit = m.text("unit");
    if (unit == null || unit.equalsIgnoreCase("rows")) {
      return Unit.ROWS;
    }
    if (!unit.equalsIgnoreCase("percent")) {
      problems.add(m.raw("unit"), m.path("unit"), "unknown unit '" + unit + "' (expected rows or percent)");
      return null;
    }
    if (type == SQL || metric == ROW_COUNT) {
      problems.add(m.raw("unit"), m.path("unit"), "unit percent does not apply to "
          + (type == SQL ? "sql rules (the query returns the value compared)" : "rowCount"));
    } else if (threshold != null && (outOfPercent(threshold.value()) || outOfPercent(threshold.high()))) {
      problems.add(m.raw("unit"), m.path("unit"), "a percentage threshold must be between 0 and 100");
    }
    return Unit.PERCENT;
  }

  private static boolean outOfPercent(BigDecimal value) {
    return value != null && (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0);
  }

  private Severity severity(YamlMap m) {
    String severity = m.text("severity");
    if (severity == null) {
      return Severity.ERROR;
    }
    try {
      return Severity.valueOf(severity.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(m.raw("severity"), m.path("severity"),
          "unknown severity '" + severity + "' (expected info, warning or error)");
      return null;
    }
  }
}
