package io.icegate.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A platform-neutral HTTP response, translated back by each adapter.
 *
 * @param status the status code
 * @param headers header fields
 * @param body the body bytes (empty, never null)
 */
public record HttpResponse(int status, Headers headers, byte[] body) {

  public HttpResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status " + status + " is out of range");
    }
    headers = headers == null ? Headers.EMPTY : headers;
    body = body == null ? new byte[0] : body;
  }

  /** A JSON response of {@code value} (written with icegate's JSON mapper). */
  public static HttpResponse json(int status, Object value) {
    return new HttpResponse(status, Headers.EMPTY.with("Content-Type", JsonBody.JSON), JsonBody.write(value));
  }

  /** 200 with a JSON body. */
  public static HttpResponse ok(Object value) {
    return json(200, value);
  }

  /** 201 with a JSON body and the Location of what was created. */
  public static HttpResponse created(String location, Object value) {
    return json(201, value).withHeader("Location", location);
  }

  /** 204, no body. */
  public static HttpResponse noContent() {
    return new HttpResponse(204, Headers.EMPTY, new byte[0]);
  }

  /** This response with header {@code name} set to {@code value}. */
  public HttpResponse withHeader(String name, String value) {
    return new HttpResponse(status, headers.with(name, value), body);
  }

  /** The first value of a header, case-insensitive, or null. */
  public String header(String name) {
    return headers.first(name).orElse(null);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  // equals/hashCode by content: a record compares arrays by identity
  @Override
  public boolean equals(Object o) {
    return o instanceof HttpResponse r && status == r.status && headers.equals(r.headers) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
  }
}
