package io.icegate.contract;

import io.icegate.yaml.YamlMap;
import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.yaml.Suggestions;
import static io.icegate.contract.LogicalType.DATE;
import static io.icegate.contract.LogicalType.INTEGER;
import static io.icegate.contract.LogicalType.NUMBER;
import static io.icegate.contract.LogicalType.STRING;
import static io.icegate.contract.LogicalType.TIME;
import static io.icegate.contract.LogicalType.TIMESTAMP;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads ODCS {@code logicalTypeOptions}. Every option icegate accepts is enforced on upload, so an
 * option that cannot be enforced (or that does not apply to the column's type) is refused rather
 * than ignored.
 */
final class TypeOptionsReader {

  private static final Set<LogicalType> ORDERED = EnumSet.of(INTEGER, NUMBER, DATE, TIMESTAMP, TIME);

  /** The types each option applies to in icegate. */
  private static final Map<String, Set<LogicalType>> APPLIES_TO = Map.ofEntries(
      Map.entry("minLength", EnumSet.of(STRING)),
      Map.entry("maxLength", EnumSet.of(STRING)),
      Map.entry("pattern", EnumSet.of(STRING)),
      Map.entry("minimum", ORDERED),
      Map.entry("maximum", ORDERED),
      Map.entry("exclusiveMinimum", ORDERED),
      Map.entry("exclusiveMaximum", ORDERED),
      Map.entry("multipleOf", EnumSet.of(INTEGER, NUMBER)),
      Map.entry("format", EnumSet.of(DATE, TIMESTAMP, TIME)),
      Map.entry("timezone", EnumSet.of(TIMESTAMP)),
      Map.entry("defaultTimezone", EnumSet.of(TIMESTAMP)),
      // ODCS options of object and array, which icegate refuses as nested data
      Map.entry("minItems", EnumSet.noneOf(LogicalType.class)),
      Map.entry("maxItems", EnumSet.noneOf(LogicalType.class)),
      Map.entry("uniqueItems", EnumSet.noneOf(LogicalType.class)),
      Map.entry("minProperties", EnumSet.noneOf(LogicalType.class)),
      Map.entry("maxProperties", EnumSet.noneOf(LogicalType.class)),
      Map.entry("required", EnumSet.noneOf(LogicalType.class)));

  private static final Set<String> UTC = Set.of("utc", "etc/utc");

  private final YamlMap options;
  private final LogicalType type;
  private final Problems problems;

  private TypeOptionsReader(YamlMap options, LogicalType type, Problems problems) {
    this.options = options;
    this.type = type;
    this.problems = problems;
  }

  /** The property's options; {@link TypeOptions#NONE} when absent or the type itself is invalid. */
  static TypeOptions read(YamlMap property, LogicalType type, Problems problems) {
    if (type == null) {
      return TypeOptions.NONE;
    }
    return property.map("logicalTypeOptions")
        .map(options -> new TypeOptionsReader(options, type, problems).read())
        .orElse(TypeOptions.NONE);
  }

  private TypeOptions read() {
    boolean applicable = true;
    for (String key : options.keys()) {
      applicable &= checkApplies(key);
    }
    if (!applicable) {
      return TypeOptions.NONE;
    }
    Integer minLength = length("minLength");
    Integer maxLength = length("maxLength");
    if (minLength != null && maxLength != null && minLength > maxLength) {
      problems.add(options.raw("maxLength"), options.path("maxLength"),
          "maxLength " + maxLength + " is less than minLength " + minLength);
    }
    String minimum = bound("minimum");
    String maximum = bound("maximum");
    String exclusiveMinimum = bound("exclusiveMinimum");
    String exclusiveMaximum = bound("exclusiveMaximum");
    // ODCS v3.0 wrote exclusiveMinimum/exclusiveMaximum as booleans qualifying minimum/maximum
    if (v30Exclusive("exclusiveMinimum", "minimum")) {
      exclusiveMinimum = minimum;
      minimum = null;
    }
    if (v30Exclusive("exclusiveMaximum", "maximum")) {
      exclusiveMaximum = maximum;
      maximum = null;
    }
    checkRange(minimum, exclusiveMinimum, maximum, exclusiveMaximum);
    return new TypeOptions(minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf(),
        minLength, maxLength, pattern(), format(), timezone());
  }

  private boolean checkApplies(String key) {
    Node at = options.keyNode(key);
    String path = options.path(key);
    Set<LogicalType> appliesTo = APPLIES_TO.get(key);
    if (appliesTo == null) {
      problems.add(at, path, "unknown logicalTypeOptions key '" + key + "'"
          + Suggestions.didYouMean(key, APPLIES_TO.keySet()));
    } else if (key.equals("format") && (type == STRING || type == INTEGER || type == NUMBER)) {
      problems.add(at, path, "logicalTypeOptions format on a " + type.odcsName() + " is not enforced by icegate; "
          + (type == STRING ? "use pattern instead"
              : "use physicalType (e.g. int, bigint, double) for the storage width"));
    } else if (!appliesTo.contains(type)) {
      problems.add(at, path, "logicalTypeOptions " + key + " does not apply to logicalType "
          + type.odcsName() + (appliesTo.isEmpty() ? "" : " (it applies to " + names(appliesTo) + ")"));
    } else {
      return true;
    }
    return false;
  }

  private Integer length(String key) {
    Integer value = options.integer(key);
    if (value != null && value < 0) {
      problems.add(options.raw(key), options.path(key), key + " must not be negative, found " + value);
    }
    return value;
  }

  /** The bound as written, after checking it is a value of the column's type. */
  private String bound(String key) {
    Node node = options.get(key).orElse(null);
    if (node == null || Tag.BOOL.equals(node.getTag()) && key.startsWith("exclusive")) {
      return null;
    }
    String text = Nodes.text(node, options.path(key), problems);
    if (text != null && Literals.ordinal(type, text).isEmpty()) {
      problems.add(node, options.path(key),
          key + " '" + text + "' is not " + Literals.expected(type) + " (logicalType " + type.odcsName() + ")");
      return null;
    }
    return text;
  }

  private boolean v30Exclusive(String key, String boundKey) {
    Node node = options.get(key).orElse(null);
    if (node == null || !Tag.BOOL.equals(node.getTag()) || !Nodes.bool(node, options.path(key), problems)) {
      return false;
    }
    if (options.get(boundKey).isEmpty()) {
      problems.add(node, options.path(key), key + ": true needs " + boundKey + " (ODCS v3.0 style)");
      return false;
    }
    return true;
  }

  private void checkRange(String minimum, String exclusiveMinimum, String maximum, String exclusiveMaximum) {
    String[] lows = {minimum, exclusiveMinimum};
    String[] highs = {maximum, exclusiveMaximum};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        if (lows[i] == null || highs[j] == null) {
          continue;
        }
        int c = Literals.ordinal(type, lows[i]).orElseThrow()
            .compareTo(Literals.ordinal(type, highs[j]).orElseThrow());
        if (c > 0 || c == 0 && (i == 1 || j == 1)) {
          problems.add(options.node(), options.path(),
              "no value fits between lower bound " + lows[i] + " and upper bound " + highs[j]);
        }
      }
    }
  }

  private String multipleOf() {
    BigDecimal value = options.number("multipleOf");
    if (value != null && value.signum() <= 0) {
      problems.add(options.raw("multipleOf"), options.path("multipleOf"), "multipleOf must be greater than 0");
      return null;
    }
    return value == null ? null : options.text("multipleOf");
  }

  private String pattern() {
    String pattern = options.text("pattern");
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        problems.add(options.raw("pattern"), options.path("pattern"),
            "pattern is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        return null;
      }
    }
    return pattern;
  }

  /** As strftime, which the engine parses with; ODCS writes JDK patterns. */
  private String format() {
    String format = options.text("format");
    if (format == null) {
      return null;
    }
    try {
      return DateFormats.toStrftime(format);
    } catch (IllegalArgumentException e) {
      problems.add(options.raw("format"), options.path("format"), "format '" + format + "' cannot be read: "
          + e.getMessage() + " (use letters y, M, d, H, h, m, s, S, a, E, D, X or a strftime format like %Y-%m-%d)");
      return null;
    }
  }

  private Boolean timezone() {
    String zone = options.text("defaultTimezone");
    if (zone != null && !UTC.contains(zone.toLowerCase(Locale.ROOT))) {
      problems.add(options.raw("defaultTimezone"), options.path("defaultTimezone"), "defaultTimezone '"
          + zone + "' is not supported: icegate reads timestamps without an offset as UTC");
    }
    return options.get("timezone").map(n -> Nodes.bool(n, options.path("timezone"), problems)).orElse(null);
  }

  private static String names(Set<LogicalType> types) {
    return types.stream().map(LogicalType::odcsName).collect(Collectors.joining(", "));
  }
}
