package io.icegate.notify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Argument checks shared by the records of this package. */
final class Checks {
  private Checks() {}

  static String text(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /** An unmodifiable copy keeping the caller's order (Map.copyOf would not). */
  static <V> Map<String, V> ordered(Map<String, V> map, String name) {
    if (map == null) {
      return Map.of();
    }
    Map<String, V> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new IllegalArgumentException(name + " must not hold null keys or values");
      }
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }

  static List<String> lines(List<String> lines) {
    return lines == null ? List.of() : List.copyOf(lines);
  }
}
