package io.icegate.api;

import static io.icegate.api.ApiAuthTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Problem bodies (RFC 9457) for 400, 404, 405, 409, 413, 415 and 500. */
class ApiProblemsTest {
  private final ApiFixture fx = new ApiFixture();
  private final String token = fx.token("ci", EnumSet.allOf(Scope.class));

  private static JsonNode problem(HttpResponse r, int status) {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    JsonNode p = json(r);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("type").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).isNotBlank();
    assertThat(p.get("requestId").asText()).isEqualTo(r.header(ApiFunction.REQUEST_ID));
    return p;
  }

  @Test
  void invalidPathVariablesAre400NamingTheParameter() {
    JsonNode p = problem(fx.call("GET", "/v1/models/Churn_Model/versions/0", token, null), 400);
    assertThat(p.get("type").asText()).isEqualTo(Problem.INVALID_REQUEST);
    assertThat(p.get("instance").asText()).isEqualTo("/v1/models/Churn_Model/versions/0");
    assertThat(p.get("errors")).hasSize(2);
    assertThat(p.get("errors").get(0).get("parameter").asText()).isEqualTo("model");
    assertThat(p.get("errors").get(0).get("detail").asText())
        .isEqualTo("must be 1-64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit, found 'Churn_Model'");
    assertThat(p.get("errors").get(1).get("parameter").asText()).isEqualTo("version");
    assertThat(p.get("errors").get(1).get("detail").asText()).isEqualTo("must be a positive integer, found '0'");

    for (String bad : new String[] {"01", "-1", "1.5", "x", "99999999999999999999"}) {
      JsonNode v = problem(fx.call("GET", "/v1/models/churn/versions/" + bad, token, null), 400);
      assertThat(v.get("errors").get(0).get("parameter").asText()).isEqualTo("version");
    }
    assertThat(problem(fx.call("GET", "/v1/models/" + "m".repeat(65) + "/versions", token, null), 400)
        .get("detail").asText()).startsWith("parameter 'model': must be 1-64");
    // an encoded slash stays inside the segment and fails the name rule
    assertThat(problem(fx.call("GET", "/v1/models/a%2Fb/versions", token, null), 400).get("detail").asText())
        .contains("found 'a/b'");
    assertThat(problem(fx.call("GET", "/v1/models/a%zz/versions", token, null), 400).get("detail").asText())
        .contains("malformed percent escape");
    // percent-encoded valid names are decoded
    assertThat(fx.call("GET", "/v1/models/ch%75rn/versions", token, null).status()).isEqualTo(200);
  }

  @Test
  void invalidQueryParameterIs400() {
    JsonNode p = problem(fx.call("GET", "/v1/models/churn/gate-decisions?version=abc", token, null), 400);
    assertThat(p.get("errors").get(0).get("parameter").asText()).isEqualTo("version");
    HttpResponse ok = fx.call("GET", "/v1/models/churn/gate-decisions?version=7", token, null);
    assertThat(json(ok).get("version").asLong()).isEqualTo(7);
  }

  @Test
  void malformedJsonIs400WithLineAndColumn() {
    JsonNode p = problem(fx.call("POST", "/v1/models/churn/versions/3/gate", token,
        "{\n  \"dataset\": \"trips\",\n  \"snapshotId\": 42,,\n}"), 400);
    assertThat(p.get("type").asText()).isEqualTo(Problem.MALFORMED_JSON);
    assertThat(p.get("line").asInt()).isEqualTo(3);
    assertThat(p.get("column").asInt()).isEqualTo(20);
    assertThat(p.get("detail").asText()).startsWith("the request body is not valid JSON: line 3, column 20: Unexpected character (',' (code 44)): was expecting double-quote to start field name");
  }

  @Test
  void unknownPathIs404() {
    JsonNode p = problem(fx.call("GET", "/v1/modelz", token, null), 404);
    assertThat(p.get("type").asText()).isEqualTo("about:blank");
    assertThat(p.get("title").asText()).isEqualTo("Not Found");
    assertThat(p.get("detail").asText()).isEqualTo("no resource at /v1/modelz; the routes are listed by GET /v1/openapi.json");
    problem(fx.call("GET", "/v1/models/", token, null), 404);
    problem(fx.call("GET", "/v1/models/churn", token, null), 404);
    problem(fx.call("GET", "/", token, null), 404);
    problem(fx.call("GET", "", token, null), 404);
  }

  @Test
  void knownPathWrongMethodIs405WithAllow() {
    HttpResponse r = fx.call("DELETE", "/v1/models/churn/aliases/production", token, null);
    JsonNode p = problem(r, 405);
    assertThat(r.header("Allow")).isEqualTo("GET, PUT");
    assertThat(p.get("detail").asText()).isEqualTo("DELETE is not allowed on /v1/models/churn/aliases/production; allowed: GET, PUT");
    assertThat(p.get("allowed").toString()).isEqualTo("[\"GET\",\"PUT\"]");
    assertThat(fx.call("POST", "/v1/models", token, "{}").header("Allow")).isEqualTo("GET");
    assertThat(fx.call("PUT", "/v1/models/churn/versions", token, "{}").header("Allow")).isEqualTo("GET, POST");
  }

  @Test
  void unsupportedMediaTypeIs415() {
    HttpRequest text = HttpRequest.builder("POST", "/v1/models/churn/aliases/production/rollback")
        .header("Authorization", "Bearer " + token).body("text/plain", "{\"reason\": \"x\"}").build();
    HttpResponse r = fx.api.apply(text);
    JsonNode p = problem(r, 415);
    assertThat(p.get("detail").asText()).isEqualTo("Content-Type 'text/plain' is not supported; send application/json");
    assertThat(r.header("Accept")).isEqualTo("application/json");

    HttpRequest none = HttpRequest.builder("POST", "/v1/models/churn/aliases/production/rollback")
        .header("Authorization", "Bearer " + token).body("{\"reason\": \"x\"}".getBytes(StandardCharsets.UTF_8)).build();
    assertThat(problem(fx.api.apply(none), 415).get("detail").asText()).contains("no Content-Type");

    HttpRequest latin1 = HttpRequest.builder("POST", "/v1/models/churn/aliases/production/rollback")
        .header("Authorization", "Bearer " + token).body("application/json; charset=ISO-8859-1", "{\"reason\": \"x\"}").build();
    assertThat(problem(fx.api.apply(latin1), 415).get("detail").asText()).contains("charset 'ISO-8859-1'");

    HttpRequest utf8 = HttpRequest.builder("POST", "/v1/models/churn/aliases/production/rollback")
        .header("Authorization", "Bearer " + token).body("Application/JSON; charset=\"UTF-8\"", "{\"reason\": \"x\"}").build();
    assertThat(fx.api.apply(utf8).status()).isEqualTo(200);
  }

  @Test
  void bodyOverTheLimitIs413() {
    byte[] big = new byte[ApiLimits.DEFAULTS.maxBodyBytes() + 1];
    Arrays.fill(big, (byte) ' ');
    HttpRequest request = HttpRequest.builder("POST", "/v1/models/churn/versions")
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").body(big).build();
    JsonNode p = problem(fx.api.apply(request), 413);
    assertThat(p.get("title").asText()).isEqualTo("Content Too Large");
    assertThat(p.get("detail").asText()).isEqualTo("the request body is 1048577 bytes; the limit is 1048576 bytes (1 MiB)");
    assertThat(p.get("limit").asInt()).isEqualTo(1048576);
    // exactly at the limit is read (and here refused only as JSON)
    byte[] atLimit = Arrays.copyOf(big, big.length - 1);
    atLimit[0] = '{';
    atLimit[atLimit.length - 1] = '}';
    HttpRequest fits = HttpRequest.builder("POST", "/v1/models/churn/versions")
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").body(atLimit).build();
    assertThat(fx.api.apply(fits).status()).isEqualTo(200);
  }

  @Test
  void conflictCarriesTheCurrentState() {
    ApiRoutes routes = ApiRoutes.builder()
        .put("/v1/models/{model}/aliases/{alias}", Scope.PROMOTE, call -> {
          throw ApiException.conflict("alias production points at version 4, not 3",
              Map.of("model", call.path("model"), "alias", call.path("alias"), "version", 4));
        })
        .build();
    ApiFixture conflict = new ApiFixture(routes, ApiLimits.DEFAULTS);
    JsonNode p = problem(conflict.call("PUT", "/v1/models/churn/aliases/production",
        conflict.token("ci", EnumSet.of(Scope.PROMOTE)), "{\"version\": 5, \"expectedVersion\": 3}"), 409);
    assertThat(p.get("type").asText()).isEqualTo(Problem.CONFLICT);
    assertThat(p.get("current").get("version").asInt()).isEqualTo(4);
  }

  @Test
  void unexpectedFailureIs500WithoutInternals() {
    ApiRoutes routes = ApiRoutes.builder()
        .get("/v1/models", Scope.READ, call -> {
          throw new IllegalStateException("jdbc:postgresql://db.internal/icegate password=hunter2");
        })
        .get("/v1/events", Scope.READ, call -> null)
        .build();
    ApiFixture failing = new ApiFixture(routes, ApiLimits.DEFAULTS);
    String t = failing.token("ci", EnumSet.of(Scope.READ));
    HttpResponse r;
    String logged;
    try (LogCapture log = new LogCapture()) {
      r = failing.api.apply(HttpRequest.builder("GET", "/v1/models").header("Authorization", "Bearer " + t)
          .requestId("req-500").build());
      logged = log.text();
    }
    JsonNode p = problem(r, 500);
    assertThat(p.get("requestId").asText()).isEqualTo("req-500");
    assertThat(p.get("title").asText()).isEqualTo("Internal Server Error");
    assertThat(p.get("detail").asText())
        .isEqualTo("an unexpected error occurred; the server log has the details under request id req-500");
    assertThat(r.bodyText()).doesNotContain("hunter2").doesNotContain("postgresql").doesNotContain("Exception")
        .doesNotContain("io.icegate").doesNotContain("\tat ");
    // the operator finds the cause under the request id, and never the token
    assertThat(logged).contains("req-500").contains("hunter2").doesNotContain(t.substring(4));

    assertThat(problem(failing.call("GET", "/v1/events", t, null), 500).get("detail").asText())
        .startsWith("an unexpected error occurred");
  }

  @Test
  void requestIdIsEchoedOrGenerated() {
    HttpResponse given = fx.api.apply(HttpRequest.builder("GET", "/v1/models").header("Authorization", "Bearer " + token)
        .requestId("abc-123").build());
    assertThat(given.header("X-Request-Id")).isEqualTo("abc-123");
    HttpResponse generated = fx.call("GET", "/v1/models", token, null);
    assertThat(generated.header("x-request-id")).matches("[0-9a-f-]{36}");
    assertThat(generated.header("Cache-Control")).isEqualTo("no-store");
  }
}
