package io.icegate.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A platform-neutral HTTP request: each adapter translates its own event (API Gateway v2, Azure
 * HTTP trigger, the JDK server) into one of these.
 *
 * @param method upper-case method, e.g. {@code GET}
 * @param path the raw (still percent-encoded) path without the query, e.g. {@code /v1/models}
 * @param query decoded query parameters, each with its values in order
 * @param headers header fields, case-insensitive
 * @param body the body bytes (empty, never null); base64 bodies are decoded by the adapter
 * @param requestId the platform's request id (generated when it has none), echoed as X-Request-Id
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query, Headers headers,
    byte[] body, String requestId) {

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    method = method.toUpperCase(Locale.ROOT);
    query = copy(query == null ? Map.of() : query);
    headers = headers == null ? Headers.EMPTY : headers;
    body = body == null ? new byte[0] : body;
    requestId = requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
  }

  /** A builder for a request; the other fields default to empty. */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** The first value of a header, case-insensitive. */
  public Optional<String> header(String name) {
    return headers.first(name);
  }

  /** The first value of a query parameter. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** This request without the header {@code name} (the router hands handlers no credentials). */
  public HttpRequest withoutHeader(String name) {
    return new HttpRequest(method, path, query, headers.without(name), body, requestId);
  }

  /**
   * Decodes a raw query string ({@code a=1&b=x%20y&a=2}) as browsers and curl encode it: '+' is a
   * space, percent escapes are UTF-8. A malformed escape is a 400.
   */
  public static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return query;
  }

  /**
   * Percent-decodes UTF-8 text; {@code plusIsSpace} for query strings, not for path segments.
   *
   * @throws ApiException 400 for a malformed escape or bytes that are not UTF-8
   */
  public static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
            || Character.digit(raw.charAt(i + 2), 16) < 0) {
          throw ApiException.badRequest("the URL has a malformed percent escape at '"
              + Problem.printable(raw.substring(i, Math.min(raw.length(), i + 3))) + "'");
        }
        out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("the URL has percent escapes that are not UTF-8");
    }
  }

  /** Shows no credentials and no body, only its size: safe to log. */
  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + path + ", requestId=" + requestId + ", headers=" + headers
        + ", body=" + body.length + " bytes]";
  }

  // equals/hashCode by content: a record compares arrays by identity
  @Override
  public boolean equals(Object o) {
    return o instanceof HttpRequest r && method.equals(r.method) && path.equals(r.path) && query.equals(r.query)
        && headers.equals(r.headers) && Arrays.equals(body, r.body) && requestId.equals(r.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, query, headers, Arrays.hashCode(body), requestId);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> query) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    query.forEach((k, v) -> m.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(m);
  }

  /** Builds a request field by field, e.g. from a cloud event. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String requestId;

    private Builder(String method, String path) {
      this.method = method;
      this.path = path;
    }

    /** Adds a header value. */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /** Adds every header of a single-valued map (API Gateway v2, Azure). */
    public Builder headers(Map<String, String> single) {
      single.forEach(this::header);
      return this;
    }

    /** Adds a query parameter value. */
    public Builder query(String name, String value) {
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /** Adds the parameters of a raw query string such as API Gateway v2's {@code rawQueryString}. */
    public Builder rawQuery(String rawQuery) {
      parseQuery(rawQuery).forEach((name, values) -> values.forEach(v -> query(name, v)));
      return this;
    }

    /** The body bytes. */
    public Builder body(byte[] body) {
      this.body = body;
      return this;
    }

    /** A UTF-8 body with its Content-Type. */
    public Builder body(String contentType, String text) {
      header("Content-Type", contentType);
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** A JSON body ({@code application/json}). */
    public Builder json(String json) {
      return body(JsonBody.JSON, json);
    }

    /** The platform's request id. */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public HttpRequest build() {
      return new HttpRequest(method, path, query, new Headers(headers), body, requestId);
    }
  }
}
