package io.icegate.api;

import io.icegate.auth.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route table the lead implements, with dummy handlers that echo what they got, so the HTTP
 * layer (auth, routing, problems, OpenAPI) is tested on the real table before the domain exists.
 */
public final class TestRoutes {
  private TestRoutes() {}

  /**
   * One route of the table with a concrete path and a body it accepts.
   *
   * @param method HTTP method
   * @param template path template
   * @param scope scope it needs
   * @param path a concrete path with valid variables
   * @param body a JSON body the dummy handler accepts, or null for none
   */
  public record Spec(String method, String template, Scope scope, String path, String body) {
    public boolean hasBody() {
      return body != null;
    }
  }

  /** Every route, the OpenAPI route included. */
  public static final List<Spec> SPECS = List.of(
      new Spec("GET", "/v1/models", Scope.READ, "/v1/models", null),
      new Spec("POST", "/v1/models/{model}/versions", Scope.REGISTER, "/v1/models/churn/versions",
          "{\"artifactKey\": \"artifacts/churn/m.onnx\", \"sha256\": \"" + "ab".repeat(32) + "\", \"dataset\": \"trips\","
              + " \"snapshotTag\": \"train-1\", \"codeCommit\": \"abc123\"}"),
      new Spec("GET", "/v1/models/{model}/versions", Scope.READ, "/v1/models/churn/versions", null),
      new Spec("GET", "/v1/models/{model}/versions/{version}", Scope.READ, "/v1/models/churn/versions/3", null),
      new Spec("GET", "/v1/models/{model}/versions/{version}/lineage", Scope.READ, "/v1/models/churn/versions/3/lineage", null),
      new Spec("POST", "/v1/models/{model}/versions/{version}/gate", Scope.GATE, "/v1/models/churn/versions/3/gate",
          "{\"dataset\": \"trips\", \"snapshotId\": 42, \"predictions\": \"eval/churn-3.csv\"}"),
      new Spec("GET", "/v1/models/{model}/gate-decisions", Scope.READ, "/v1/models/churn/gate-decisions", null),
      new Spec("GET", "/v1/models/{model}/gate-decisions/{decisionId}", Scope.READ,
          "/v1/models/churn/gate-decisions/0b5e7a1c-3f0e-4d55-9a43-0f6b8d1c2e3f", null),
      new Spec("GET", "/v1/models/{model}/aliases", Scope.READ, "/v1/models/churn/aliases", null),
      new Spec("GET", "/v1/models/{model}/aliases/{alias}", Scope.READ, "/v1/models/churn/aliases/production", null),
      new Spec("PUT", "/v1/models/{model}/aliases/{alias}", Scope.PROMOTE, "/v1/models/churn/aliases/production",
          "{\"version\": 3, \"expectedVersion\": null, \"reason\": \"gate passed\"}"),
      new Spec("POST", "/v1/models/{model}/aliases/{alias}/rollback", Scope.PROMOTE,
          "/v1/models/churn/aliases/production/rollback", "{\"reason\": \"latency regression\"}"),
      new Spec("POST", "/v1/models/{model}/shadow-comparisons", Scope.GATE, "/v1/models/churn/shadow-comparisons",
          "{\"variant\": \"shadow\", \"from\": \"2025-01-01T00:00:00Z\", \"to\": \"2025-01-02T00:00:00Z\"}"),
      new Spec("GET", "/v1/models/{model}/shadow-comparisons", Scope.READ, "/v1/models/churn/shadow-comparisons", null),
      new Spec("GET", "/v1/models/{model}/events", Scope.READ, "/v1/models/churn/events", null),
      new Spec("GET", "/v1/events", Scope.READ, "/v1/events", null),
      new Spec("POST", "/v1/feedback", Scope.FEEDBACK, "/v1/feedback",
          "{\"items\": [{\"requestId\": \"r-1\", \"label\": \"1\", \"source\": \"human:alice\"}]}"),
      new Spec("GET", "/v1/review-queue", Scope.FEEDBACK, "/v1/review-queue", null),
      new Spec("POST", "/v1/models/{model}/drift-scans", Scope.SCAN, "/v1/models/churn/drift-scans",
          "{\"monitor\": \"serving\", \"mode\": \"exact\"}"),
      new Spec("GET", "/v1/models/{model}/drift-scans", Scope.READ, "/v1/models/churn/drift-scans", null),
      new Spec("GET", "/v1/models/{model}/drift-scans/{scanId}/report", Scope.READ,
          "/v1/models/churn/drift-scans/0b5e7a1c-3f0e-4d55-9a43-0f6b8d1c2e3f/report", null),
      new Spec("GET", "/v1/health", Scope.READ, "/v1/health", null),
      new Spec("GET", "/v1/openapi.json", Scope.READ, "/v1/openapi.json", null));

  /** The table with dummy handlers (the OpenAPI route is the real one the builder adds). */
  public static ApiRoutes all() {
    ApiRoutes.Builder b = ApiRoutes.builder();
    for (Spec s : SPECS) {
      if (!s.template().equals(ApiRoutes.OPENAPI_PATH)) {
        b.route(s.method(), s.template(), s.scope(), s.hasBody() ? TestRoutes::echoBody : TestRoutes::echo);
      }
    }
    return b.build();
  }

  /** Echoes route, actor, path variables and query. */
  static HttpResponse echo(ApiCall call) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("route", call.route().method() + " " + call.route().path());
    m.put("actor", call.actor());
    m.put("path", call.pathVariables());
    m.put("query", call.request().query());
    call.queryLong("version").ifPresent(v -> m.put("version", v));
    return HttpResponse.ok(m);
  }

  /** Reads the body as JSON first, as every real POST/PUT handler does; an override needs its scope. */
  static HttpResponse echoBody(ApiCall call) {
    var tree = call.tree();
    if (tree.path("override").asBoolean(false)) {
      call.require(Scope.OVERRIDE);
    }
    return echo(call);
  }
}
