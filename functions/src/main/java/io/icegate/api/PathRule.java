package io.icegate.api;

import io.icegate.registry.Names;
import java.util.regex.Pattern;

/**
 * What a path variable may hold; checked before a handler runs, so handlers get valid names.
 *
 * @param pattern the whole value must match it
 * @param description what it must be, completing "must be ..."
 */
public record PathRule(Pattern pattern, String description) {

  /** Model and alias names. */
  public static final PathRule NAME = new PathRule(Names.NAME,
      "1-64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit");

  /** Version numbers: a positive integer without leading zeros. */
  public static final PathRule POSITIVE_INTEGER = new PathRule(Pattern.compile("[1-9][0-9]{0,17}"),
      "a positive integer");

  /** Generated ids, e.g. of gate decisions (UUIDs and similar). */
  public static final PathRule ID = new PathRule(Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}"),
      "1-64 letters, digits, '_' or '-'");

  /** Why {@code value} breaks the rule, or null when it does not. */
  public String problem(String value) {
    return pattern.matcher(value).matches() ? null
        : "must be " + description + ", found '" + Problem.printable(value) + "'";
  }
}
