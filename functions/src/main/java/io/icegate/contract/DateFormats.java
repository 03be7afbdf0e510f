package io.icegate.contract;

/**
 * ODCS writes {@code logicalTypeOptions.format} as a JDK {@code DateTimeFormatter} pattern
 * ({@code yyyy-MM-dd}); icegate parses uploads with DuckDB's {@code strptime} ({@code %Y-%m-%d}).
 * This translates the pattern letters both understand and refuses the others, so a format means the
 * same thing to the contract author and to the engine. A format containing {@code %} is taken as
 * strftime already.
 */
final class DateFormats {

  private DateFormats() {}

  /**
   * The strftime equivalent of a JDK pattern.
   *
   * @throws IllegalArgumentException naming the part that has no equivalent
   */
  static String toStrftime(String pattern) {
    if (pattern.indexOf('%') >= 0) {
      return pattern;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        i = quoted(pattern, i, out);
      } else if ((c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') && c != 'T') {
        int run = i;
        while (run < pattern.length() && pattern.charAt(run) == c) {
          run++;
        }
        String specifier = specifier(c, run - i);
        if (specifier == null) {
          throw new IllegalArgumentException("'" + pattern.substring(i, run) + "' has no strftime equivalent");
        }
        out.append(specifier);
        i = run;
      } else {
        // separators, and a bare T as in ODCS's own examples (yyyy-MM-ddTHH:mm:ss)
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Copies quoted literal text, where {@code ''} is a quote; returns the index after it. */
  private static int quoted(String pattern, int open, StringBuilder out) {
    if (pattern.startsWith("''", open)) {
      out.append('\'');
      return open + 2;
    }
    int i = open + 1;
    while (i < pattern.length()) {
      if (pattern.startsWith("''", i)) {
        out.append('\'');
        i += 2;
      } else if (pattern.charAt(i) == '\'') {
        return i + 1;
      } else {
        out.append(pattern.charAt(i++));
      }
    }
    throw new IllegalArgumentException("the quote at position " + (open + 1) + " is not closed");
  }

  private static String specifier(char letter, int count) {
    return switch (letter) {
      case 'y', 'u' -> count == 2 ? "%y" : "%Y";
      case 'M', 'L' -> count == 1 ? "%-m" : count == 2 ? "%m" : count == 3 ? "%b" : "%B";
      case 'd' -> numeric(count, 'd');
      case 'D' -> count == 3 ? "%j" : count == 1 ? "%-j" : null;
      case 'H' -> numeric(count, 'H');
      case 'h' -> numeric(count, 'I');
      case 'm' -> numeric(count, 'M');
      case 's' -> numeric(count, 'S');
      case 'S' -> count == 3 ? "%g" : count == 6 ? "%f" : count == 9 ? "%n" : null;
      case 'a' -> count == 1 ? "%p" : null;
      case 'E' -> count <= 3 ? "%a" : count == 4 ? "%A" : null;
      case 'X', 'x', 'Z' -> "%z";
      default -> null;
    };
  }

  /** {@code d} is unpadded, {@code dd} zero-padded. */
  private static String numeric(int count, char strftime) {
    return count == 1 ? "%-" + strftime : count == 2 ? "%" + strftime : null;
  }
}
