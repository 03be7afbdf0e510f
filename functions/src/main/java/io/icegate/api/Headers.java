package io.icegate.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP header fields with case-insensitive names (stored lower case, as HTTP/2 and API Gateway
 * send them). Immutable.
 */
public record Headers(Map<String, List<String>> map) {

  /** Headers whose values are credentials: never printed. */
  private static final Set<String> SECRET = Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

  /** No headers. */
  public static final Headers EMPTY = new Headers(Map.of());

  public Headers {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    map.forEach((name, values) -> {
      if (name != null && values != null) {
        copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values);
      }
    });
    copy.replaceAll((name, values) -> List.copyOf(values));
    map = Collections.unmodifiableMap(copy);
  }

  /** Headers from a multi-valued map, e.g. the JDK server's or Azure's. */
  public static Headers of(Map<String, ? extends Collection<String>> headers) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    headers.forEach((name, values) -> m.put(name, values == null ? List.of() : List.copyOf(values)));
    return new Headers(m);
  }

  /**
   * Headers from a single-valued map, e.g. API Gateway v2's {@code headers} (which joins repeated
   * headers with commas: they stay one value, as HTTP allows for list-valued fields).
   */
  public static Headers ofSingle(Map<String, String> headers) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (value != null) {
        m.put(name, List.of(value));
      }
    });
    return new Headers(m);
  }

  /** The first value of a header, or empty. */
  public Optional<String> first(String name) {
    List<String> values = map.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** All values of a header, in order; empty when absent. */
  public List<String> all(String name) {
    return map.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** Whether the header is present. */
  public boolean has(String name) {
    return map.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** These headers with {@code name} set to the single {@code value}. */
  public Headers with(String name, String value) {
    Map<String, List<String>> m = new LinkedHashMap<>(map);
    m.put(name.toLowerCase(Locale.ROOT), List.of(value));
    return new Headers(m);
  }

  /** These headers without {@code name}. */
  public Headers without(String name) {
    Map<String, List<String>> m = new LinkedHashMap<>(map);
    m.remove(name.toLowerCase(Locale.ROOT));
    return new Headers(m);
  }

  /** Credentials are redacted, so logging a request never logs a token. */
  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    map.forEach((name, values) -> shown.put(name, SECRET.contains(name) ? "(redacted)" : values));
    return shown.toString();
  }
}
