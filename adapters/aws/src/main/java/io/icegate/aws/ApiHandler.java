package io.icegate.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.IcegateFunctions;
import io.icegate.api.ApiException;
import io.icegate.api.ApiFunction;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.api.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the {@code api} function behind a Lambda Function URL or an API Gateway
 * HTTP API: payload format 2.0 in, {@link HttpRequest} to the bean, its {@link HttpResponse} back
 * as a 2.0 response (base64 when the body is not text).
 *
 * <p>A stream handler: a REST API (1.0) or any other payload is refused before binding.
 */
public final class ApiHandler implements RequestStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final String NAME = "ApiHandler";

  private final Function<Object, Object> api;

  /** Lambda's constructor: the container's shared runtime. */
  public ApiHandler() {
    this(LambdaRuntime.shared());
  }

  /** A handler over {@code runtime}'s {@code api} bean. */
  public ApiHandler(LambdaRuntime runtime) {
    this.api = runtime.function(IcegateFunctions.API);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = LambdaJson.readObject(input, NAME);
    JsonNode http = event.path("requestContext").path("http");
    if (!"2.0".equals(event.path("version").asText(null)) || !http.path("method").isTextual()
        || !event.path("rawPath").isTextual()) {
      throw new RefusedEventException(NAME + " takes a Function URL or HTTP API event (payload format 2.0); "
          + "it was invoked with an event with fields " + LambdaJson.fieldNames(event));
    }
    String requestId = event.path("requestContext").path("requestId").asText(null);
    if (requestId == null && context != null) {
      requestId = context.getAwsRequestId();
    }
    HttpResponse response;
    try {
      response = (HttpResponse) api.apply(request(event, http, requestId));
    } catch (ApiException e) {
      // refused while translating, before the function ran (a malformed query string)
      response = e.toResponse(event.get("rawPath").asText(), requestId).withHeader(ApiFunction.REQUEST_ID, requestId);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      response = Problem.of(500, "an unexpected error occurred; the log has the details under request id " + requestId)
          .with("requestId", requestId).toResponse().withHeader(ApiFunction.REQUEST_ID, requestId);
    }
    LambdaJson.write(output, response(response));
  }

  /** The request of a 2.0 payload: headers arrive lower-cased, repeated ones comma-joined, cookies apart. */
  static HttpRequest request(JsonNode event, JsonNode http, String requestId) {
    HttpRequest.Builder b = HttpRequest.builder(http.get("method").asText(), event.get("rawPath").asText())
        .rawQuery(event.path("rawQueryString").asText(""))
        .requestId(requestId);
    event.path("headers").fields().forEachRemaining(h -> b.header(h.getKey(), h.getValue().asText()));
    List<String> cookies = new ArrayList<>();
    event.path("cookies").forEach(c -> cookies.add(c.asText()));
    if (!cookies.isEmpty()) {
      b.header("cookie", String.join("; ", cookies));
    }
    JsonNode body = event.get("body");
    if (body != null && body.isTextual()) {
      b.body(event.path("isBase64Encoded").asBoolean(false)
          ? decodeBase64(body.asText())
          : body.asText().getBytes(StandardCharsets.UTF_8));
    }
    return b.build();
  }

  /** The 2.0 response of {@code response}: text bodies as they are, anything else base64. */
  static V2Response response(HttpResponse response) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> setCookies = new ArrayList<>();
    response.headers().map().forEach((name, values) -> {
      if (name.equalsIgnoreCase("Set-Cookie")) {
        setCookies.addAll(values);
      } else {
        // lower-case, as the request's headers arrive; repeated values comma-joined
        headers.merge(name.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b);
      }
    });
    byte[] body = response.body();
    String text = textual(response.header("Content-Type")) ? utf8(body) : null;
    return new V2Response(response.status(), headers, setCookies.isEmpty() ? null : setCookies,
        text != null ? text : Base64.getEncoder().encodeToString(body), text == null);
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("the request body is marked base64 but is not valid base64");
    }
  }

  private static boolean textual(String contentType) {
    if (contentType == null) {
      return true; // bodies without a type are empty or problems; a non-UTF-8 one still goes base64 below
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("yaml")
        || t.contains("javascript") || t.startsWith("application/x-www-form-urlencoded");
  }

  /** The body as UTF-8 text, or null when it is not valid UTF-8. */
  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Payload format 2.0 response. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record V2Response(int statusCode, Map<String, String> headers, List<String> cookies, String body,
      @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {}
}
