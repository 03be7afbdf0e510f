package io.icegate.azure;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps the Functions HTTP trigger's messages to icegate's neutral records and back. */
final class HttpMessages {

  /** Query parameter carrying the function key; icegate never sees it. */
  static final String FUNCTION_KEY_PARAM = "code";
  /** Header carrying the function key. */
  static final String FUNCTION_KEY_HEADER = "x-functions-key";

  private HttpMessages() {}

  /**
   * The request as icegate sees it: the raw path (host.json sets no route prefix, so it is
   * {@code /v1/...}), the query parsed from the raw URI (repeated parameters kept), headers and
   * body; the function key is dropped.
   */
  static HttpRequest toIcegate(HttpRequestMessage<Optional<byte[]>> message, String invocationId) {
    URI uri = message.getUri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    HttpRequest.Builder b = HttpRequest.builder(message.getHttpMethod().name(), path).requestId(invocationId);
    HttpRequest.parseQuery(uri.getRawQuery()).forEach((name, values) -> {
      if (!FUNCTION_KEY_PARAM.equals(name)) {
        values.forEach(v -> b.query(name, v));
      }
    });
    for (Map.Entry<String, String> h : message.getHeaders().entrySet()) {
      if (!FUNCTION_KEY_HEADER.equalsIgnoreCase(h.getKey())) {
        b.header(h.getKey(), h.getValue());
      }
    }
    Optional<byte[]> body = message.getBody();
    b.body(body == null ? new byte[0] : body.orElse(new byte[0]));
    return b.build();
  }

  /** The response for the platform; repeated header values are joined as HTTP allows. */
  static HttpResponseMessage toAzure(HttpRequestMessage<?> request, HttpResponse response) {
    HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(response.status()));
    for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
      b.header(h.getKey(), String.join(", ", h.getValue()));
    }
    return b.body(response.body()).build();
  }
}
