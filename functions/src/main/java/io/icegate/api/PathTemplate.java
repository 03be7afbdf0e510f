package io.icegate.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's path such as {@code /v1/models/{model}/versions/{version}}: literal segments and
 * whole-segment variables.
 */
public record PathTemplate(String template, List<String> segments) {

  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

  public PathTemplate {
    segments = List.copyOf(segments);
  }

  /** Parses a template; refuses anything that is not '/'-separated literals and {variables}. */
  public static PathTemplate parse(String template) {
    if (!template.startsWith("/") || template.length() < 2 || template.endsWith("/")) {
      throw new IllegalArgumentException("path template '" + template + "' must start with '/' and not end with one");
    }
    List<String> segments = List.of(template.substring(1).split("/", -1));
    Set<String> names = new HashSet<>();
    for (String s : segments) {
      var m = VARIABLE.matcher(s);
      if (m.matches()) {
        if (!names.add(m.group(1))) {
          throw new IllegalArgumentException("path template '" + template + "' names {" + m.group(1) + "} twice");
        }
      } else if (!LITERAL.matcher(s).matches()) {
        throw new IllegalArgumentException("path template '" + template + "' has an invalid segment '" + s + "'");
      }
    }
    return new PathTemplate(template, segments);
  }

  /** The variable names, in order. */
  public List<String> variables() {
    List<String> names = new ArrayList<>();
    for (String s : segments) {
      if (isVariable(s)) {
        names.add(s.substring(1, s.length() - 1));
      }
    }
    return names;
  }

  /** The template with variables unnamed, e.g. {@code /v1/models/{}}: equal shapes match the same paths. */
  public String shape() {
    return "/" + String.join("/", segments.stream().map(s -> isVariable(s) ? "{}" : s).toList());
  }

  /** The variables' raw values when {@code path} (decoded segments) matches, else null. */
  public Map<String, String> match(List<String> path) {
    if (path.size() != segments.size()) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      if (isVariable(s)) {
        if (path.get(i).isEmpty()) {
          return null;
        }
        values.put(s.substring(1, s.length() - 1), path.get(i));
      } else if (!s.equals(path.get(i))) {
        return null;
      }
    }
    return values;
  }

  /** Orders templates that match the same path: a literal segment beats a variable at the first difference. */
  public int compareSpecificity(PathTemplate other) {
    for (int i = 0; i < Math.min(segments.size(), other.segments.size()); i++) {
      boolean mine = isVariable(segments.get(i));
      boolean theirs = isVariable(other.segments.get(i));
      if (mine != theirs) {
        return mine ? -1 : 1;
      }
    }
    return 0;
  }

  private static boolean isVariable(String segment) {
    return segment.startsWith("{");
  }

  @Override
  public String toString() {
    return template;
  }
}
