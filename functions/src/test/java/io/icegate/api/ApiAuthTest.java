package io.icegate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.auth.ApiTokens;
import io.icegate.auth.Authenticator;
import io.icegate.auth.Scope;
import io.icegate.ingest.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every route refuses missing, wrong and under-scoped tokens: 401 and 403 told apart. */
class ApiAuthTest {
  private final ApiFixture fx = new ApiFixture();
  private final List<HttpResponse> responses = new ArrayList<>();
  private LogCapture log;

  @BeforeEach
  void captureLog() {
    log = new LogCapture();
  }

  @AfterEach
  void noTokenLeaked() {
    String logged = log.text();
    log.close();
    assertThat(fx.issued).isNotEmpty();
    for (String token : fx.issued) {
      // neither the whole token nor its random part shows up anywhere we produced
      String secret = token.substring(ApiTokens.PREFIX.length());
      for (HttpResponse r : responses) {
        assertThat(r.bodyText()).doesNotContain(secret);
        assertThat(r.headers().toString()).doesNotContain(secret);
      }
      assertThat(logged).doesNotContain(secret);
    }
  }

  /** Calls a route with zero or more Authorization headers (null: none). */
  private HttpResponse call(TestRoutes.Spec spec, String... authorizations) {
    HttpRequest.Builder b = HttpRequest.builder(spec.method(), spec.path());
    for (String a : authorizations) {
      if (a != null) {
        b.header("Authorization", a);
      }
    }
    if (spec.hasBody()) {
      b.json(spec.body());
    }
    HttpResponse r = fx.api.apply(b.build());
    responses.add(r);
    return r;
  }

  @Test
  void everyRouteAnswersOnlyATokenWithItsScope() throws IOException {
    Set<String> unauthorizedBodies = new HashSet<>();
    String unknown = ApiTokens.generate();
    String expired = fx.token("old", EnumSet.allOf(Scope.class), Instant.now().minusSeconds(1));
    String valid = fx.admin();
    fx.issued.add(unknown);
    List<String> refused = List.of(
        "Bearer " + unknown,
        "Bearer " + expired,
        "Bearer " + valid.substring(0, valid.length() - 1),
        "Bearer " + valid + "x",
        "Basic " + valid,
        "Bearer",
        "Bearer ",
        valid,
        "Bearer \"" + valid + "\"",
        "Bearer " + valid + " " + valid,
        "Token " + valid);
    assertThat(TestRoutes.SPECS).hasSize(23);
    for (TestRoutes.Spec spec : TestRoutes.SPECS) {
      List<HttpResponse> unauthorized = new ArrayList<>();
      unauthorized.add(call(spec, (String) null));
      for (String header : refused) {
        unauthorized.add(call(spec, header));
      }
      // two Authorization headers, one of them valid: refused rather than guessing which counts
      unauthorized.add(call(spec, "Bearer " + valid, "Bearer " + unknown));
      for (HttpResponse r : unauthorized) {
        assertThat(r.status()).as(spec + " " + r.bodyText()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"icegate\"");
        assertThat(r.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
        unauthorizedBodies.add(withoutOccurrence(r));
      }

      Set<Scope> allButOne = EnumSet.allOf(Scope.class);
      allButOne.remove(spec.scope());
      HttpResponse forbidden = call(spec, "Bearer " + fx.token("ci", allButOne));
      assertThat(forbidden.status()).as(spec.toString()).isEqualTo(403);
      JsonNode problem = json(forbidden);
      assertThat(problem.get("type").asText()).isEqualTo(Problem.INSUFFICIENT_SCOPE);
      assertThat(problem.get("requiredScope").asText()).isEqualTo(spec.scope().id());
      assertThat(problem.get("detail").asText()).contains("scope '" + spec.scope().id() + "'").contains("'ci'");
      assertThat(forbidden.header("WWW-Authenticate")).contains("insufficient_scope").contains(spec.scope().id());

      HttpResponse ok = call(spec, "Bearer " + fx.token("ci", EnumSet.of(spec.scope())));
      assertThat(ok.status()).as(spec + " " + ok.bodyText()).isEqualTo(200);
      if (!spec.template().equals(ApiRoutes.OPENAPI_PATH)) {
        assertThat(json(ok).get("actor").asText()).isEqualTo("ci");
        assertThat(json(ok).get("route").asText()).isEqualTo(spec.method() + " " + spec.template());
      }
    }
    // the 401 says nothing about what was wrong: one body for every cause on every route
    assertThat(unauthorizedBodies).hasSize(1);
    assertThat(unauthorizedBodies.iterator().next()).contains("valid bearer token");
  }

  @Test
  void unknownPathsAndMethodsNeedATokenToo() {
    String token = fx.admin();
    HttpResponse anonymous = fx.call("GET", "/v1/nothing-here", null, null);
    assertThat(anonymous.status()).isEqualTo(401);
    HttpResponse anonymousMethod = fx.call("DELETE", "/v1/models", null, null);
    assertThat(anonymousMethod.status()).isEqualTo(401);
    assertThat(fx.call("GET", "/v1/nothing-here", token, null).status()).isEqualTo(404);
    responses.addAll(List.of(anonymous, anonymousMethod));
  }

  @Test
  void schemeIsCaseInsensitive() {
    String token = fx.token("ci", EnumSet.of(Scope.READ));
    HttpResponse r = fx.api.apply(HttpRequest.builder("GET", "/v1/models").header("authorization", "bEaReR  " + token).build());
    responses.add(r);
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void anOverrideNeedsTheOverrideScopeAsWell() {
    TestRoutes.Spec promote = TestRoutes.SPECS.stream().filter(s -> s.method().equals("PUT")).findFirst().orElseThrow();
    String body = "{\"version\": 3, \"reason\": \"hotfix\", \"override\": true}";
    HttpResponse promoteOnly = fx.call("PUT", promote.path(), fx.token("ci", EnumSet.of(Scope.PROMOTE)), body);
    responses.add(promoteOnly);
    assertThat(promoteOnly.status()).isEqualTo(403);
    assertThat(json(promoteOnly).get("requiredScope").asText()).isEqualTo("override");

    HttpResponse both = fx.call("PUT", promote.path(), fx.token("oncall", EnumSet.of(Scope.PROMOTE, Scope.OVERRIDE)), body);
    responses.add(both);
    assertThat(both.status()).isEqualTo(200);
    assertThat(json(both).get("actor").asText()).isEqualTo("oncall");
  }

  @Test
  void handlersNeverSeeTheCredential() {
    String token = fx.admin();
    HttpResponse r = fx.api.apply(HttpRequest.builder("GET", "/v1/models").header("Authorization", "Bearer " + token).build());
    responses.add(r);
    ApiRoutes routes = ApiRoutes.builder()
        .get("/v1/models", Scope.READ, call -> HttpResponse.ok(call.request().headers().map()))
        .build();
    fx.api = new ApiFunction(routes, new Authenticator(fx.tokens, Clock.systemUTC()),
        ApiLimits.DEFAULTS);
    HttpResponse seen = fx.api.apply(HttpRequest.builder("GET", "/v1/models").header("Authorization", "Bearer " + token)
        .header("X-Trace", "t1").build());
    responses.add(seen);
    assertThat(json(seen).has("authorization")).isFalse();
    assertThat(json(seen).get("x-trace").get(0).asText()).isEqualTo("t1");
  }

  private static String withoutOccurrence(HttpResponse r) {
    ObjectNode body = (ObjectNode) json(r);
    body.remove("instance");
    body.remove("requestId");
    return body.toString();
  }

  static JsonNode json(HttpResponse r) {
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.bodyText(), e);
    }
  }
}
