package io.icegate.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The platform's HttpRequestMessage, implemented minimally as the worker does: a URI with the raw
 * query, single-valued headers, an optional binary body, and a response builder.
 */
final class TestHttpRequest implements HttpRequestMessage<Optional<byte[]>> {
  private final HttpMethod method;
  private final URI uri;
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final byte[] body;

  TestHttpRequest(String method, String uri, Map<String, String> headers, byte[] body) {
    this.method = HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT));
    this.uri = URI.create(uri);
    this.headers.putAll(headers);
    this.body = body;
  }

  /** A request from a JSON description under src/test/resources/events/ (method, uri, headers, body). */
  static TestHttpRequest fromResource(String name, String functionKey) throws IOException {
    try (InputStream in = TestHttpRequest.class.getResourceAsStream("/events/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("FUNCTION_KEY_PLACEHOLDER", functionKey);
      JsonNode json = JsonMapper.builder().build().readTree(text);
      Map<String, String> headers = new LinkedHashMap<>();
      json.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
      byte[] body = json.path("body").isNull() ? null : json.path("body").asText().getBytes(StandardCharsets.UTF_8);
      return new TestHttpRequest(json.path("method").asText(), json.path("uri").asText(), headers, body);
    }
  }

  TestHttpRequest header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public HttpMethod getHttpMethod() {
    return method;
  }

  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Map<String, String> getQueryParameters() {
    Map<String, String> q = new LinkedHashMap<>();
    io.icegate.api.HttpRequest.parseQuery(uri.getRawQuery()).forEach((k, v) -> q.put(k, v.get(0)));
    return q;
  }

  @Override
  public Optional<byte[]> getBody() {
    return Optional.ofNullable(body);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return createResponseBuilder((HttpStatusType) status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new Response(status);
  }

  /** The response the handler built. */
  static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private Object body;

    Response(HttpStatusType status) {
      this.status = status;
    }

    @Override
    public Builder status(HttpStatusType status) {
      this.status = status;
      return this;
    }

    @Override
    public Builder header(String key, String value) {
      headers.put(key, value);
      return this;
    }

    @Override
    public Builder body(Object body) {
      this.body = body;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return this;
    }

    @Override
    public HttpStatusType getStatus() {
      return status;
    }

    @Override
    public String getHeader(String key) {
      return headers.get(key);
    }

    @Override
    public Object getBody() {
      return body;
    }

    String bodyText() {
      return body == null ? "" : new String((byte[]) body, StandardCharsets.UTF_8);
    }
  }
}
