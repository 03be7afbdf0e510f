package io.icegate.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}.
 *
 * @param type URI of the problem type; {@code about:blank} when the status says it all
 * @param title short summary of the type (for {@code about:blank}, the status phrase)
 * @param status the HTTP status
 * @param detail what exactly is wrong with this request, for the person reading it
 * @param instance the request path it happened on, or null
 * @param extensions further members, e.g. {@code errors}, {@code current}, {@code requestId}
 */
public record Problem(String type, String title, int status, String detail, String instance,
    Map<String, Object> extensions) {

  /** The media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Problem type for a status that needs no further type. */
  public static final String BLANK = "about:blank";
  /** Problem type of a request whose fields or parameters are wrong (400, with {@code errors}). */
  public static final String INVALID_REQUEST = "urn:icegate:problem:invalid-request";
  /** Problem type of a body that is not JSON (400, with {@code line} and {@code column}). */
  public static final String MALFORMED_JSON = "urn:icegate:problem:malformed-json";
  /** Problem type of an authenticated caller lacking a scope (403, with {@code requiredScope}). */
  public static final String INSUFFICIENT_SCOPE = "urn:icegate:problem:insufficient-scope";
  /** Problem type of a lost compare-and-swap (409, with {@code current}). */
  public static final String CONFLICT = "urn:icegate:problem:conflict";

  /** Members RFC 9457 defines; extensions may not reuse them. */
  private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions == null ? Map.of() : extensions));
    for (String name : extensions.keySet()) {
      if (STANDARD.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is a standard problem member, not an extension");
      }
    }
  }

  /** A problem of type {@code about:blank}: the title is the status phrase. */
  public static Problem of(int status, String detail) {
    return new Problem(BLANK, reason(status), status, detail, null, Map.of());
  }

  /** A problem of a given type. */
  public static Problem of(String type, String title, int status, String detail) {
    return new Problem(type, title, status, detail, null, Map.of());
  }

  /** This problem with one more extension member. */
  public Problem with(String name, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(extensions);
    m.put(name, value);
    return new Problem(type, title, status, detail, instance, m);
  }

  /** This problem with its instance set. */
  public Problem withInstance(String instance) {
    return new Problem(type, title, status, detail, instance, extensions);
  }

  /** The JSON object: the standard members first, then the extensions. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", type);
    json.put("title", title);
    json.put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    json.putAll(extensions);
    return json;
  }

  /** The HTTP response carrying this problem. */
  public HttpResponse toResponse() {
    return new HttpResponse(status, Headers.EMPTY.with("Content-Type", MEDIA_TYPE), JsonBody.write(toJson()));
  }

  /** The standard reason phrase of a status. */
  public static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP " + status;
    };
  }

  /** Caller-supplied text made safe to quote in a detail: no control characters, at most 100 characters. */
  public static String printable(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints().limit(100).forEach(cp -> {
      if (Character.isISOControl(cp)) {
        b.append(String.format("\\u%04x", cp));
      } else {
        b.appendCodePoint(cp);
      }
    });
    return text.codePointCount(0, text.length()) > 100 ? b + "…" : b.toString();
  }
}
