package io.icegate.profile;

/**
 * Smallest and largest string in DuckDB's order (UTF-8 bytes, i.e. code points). String.compareTo
 * orders UTF-16 units, which puts U+10000 and up below U+E000..U+FFFF; it is used only against a
 * bound without such units, where both orders agree.
 */
final class TextRange {

  private String min;
  private String max;
  private boolean minPlain;
  private boolean maxPlain;

  void add(String s) {
    if (min == null || compare(s, min, minPlain) < 0) {
      min = s;
      minPlain = plain(s);
    }
    if (max == null || compare(s, max, maxPlain) > 0) {
      max = s;
      maxPlain = plain(s);
    }
  }

  String min() {
    return min;
  }

  String max() {
    return max;
  }

  /** Compares in code point order. */
  static int compare(String x, String y) {
    int n = Math.min(x.length(), y.length());
    for (int i = 0; i < n; i++) {
      char a = x.charAt(i);
      char b = y.charAt(i);
      if (a != b) {
        return a >= 0xD800 && b >= 0xD800 ? rank(a) - rank(b) : a - b;
      }
    }
    return x.length() - y.length();
  }

  private static int compare(String s, String bound, boolean boundPlain) {
    return boundPlain ? s.compareTo(bound) : compare(s, bound);
  }

  /** Moves surrogates above U+E000..U+FFFF, where the code points they encode belong. */
  private static int rank(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  /** No unit at or above U+D800, so the first difference with any string orders alike. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0xD800) {
        return false;
      }
    }
    return true;
  }
}
