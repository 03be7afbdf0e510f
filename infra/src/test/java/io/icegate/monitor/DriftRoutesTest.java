package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icegate.api.ApiFixture;
import io.icegate.api.ApiLimits;
import io.icegate.api.ApiRoutes;
import io.icegate.api.DriftRoutes;
import io.icegate.api.HttpResponse;
import io.icegate.api.OpenApiDocument;
import io.icegate.api.ResponseSchemas;
import io.icegate.auth.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift routes of the {@code api} function over real scans, checked against the OpenAPI document. */
class DriftRoutesTest {
  private static final ResponseSchemas SCHEMAS = new ResponseSchemas(OpenApiDocument.load());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCANS = "/v1/models/{model}/drift-scans";

  @TempDir
  static Path home;
  static DriftFixture f;
  static ApiFixture api;

  @BeforeAll
  static void data() throws IOException {
    f = new DriftFixture(home);
    f.servingDay(0, 1.0, 100);
    f.servingDay(1, 1.6, 101);
    f.policy("""
        monitors:
          - name: features
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, income, segment]
        """);
    api = new ApiFixture(new DriftRoutes(f.scans).addTo(ApiRoutes.builder()).build(), ApiLimits.DEFAULTS);
  }

  @AfterAll
  static void close() throws IOException {
    f.close();
  }

  @Test
  void runListAndReadAScanWithTheRightScopes() throws IOException {
    String reader = api.token("dashboard", Set.of(Scope.READ));
    String scanner = api.token("ci", Set.of(Scope.SCAN));
    String body = "{\"monitor\": \"features\", \"at\": \"2026-11-22T00:00:00Z\"}";

    assertThat(api.call("POST", "/v1/models/churn/drift-scans", reader, body).status()).isEqualTo(403);
    HttpResponse ran = api.call("POST", "/v1/models/churn/drift-scans", scanner, body);
    JsonNode summary = checked("POST", SCANS, ran, 200);
    JsonNode scan = summary.get("scans").get(0);
    assertThat(scan.get("columns").get(0).get("column").asText()).isEqualTo("income");
    assertThat(scan.get("panels").get("quality").size()).isEqualTo(6);
    String scanId = scan.get("scanId").asText();

    JsonNode list = checked("GET", SCANS, api.call("GET",
        "/v1/models/churn/drift-scans?monitor=features&limit=5", reader, null), 200);
    assertThat(list.get("scans").get(0).get("scanId").asText()).isEqualTo(scanId);
    assertThat(list.get("scans").get(0).get("drifted").asBoolean()).isEqualTo(scan.get("dataset").get("drifted").asBoolean());

    HttpResponse report = api.call("GET", "/v1/models/churn/drift-scans/" + scanId + "/report", reader, null);
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.headers().first("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(new String(report.body(), StandardCharsets.UTF_8)).contains("id=\"quality\"", scanId);
  }

  @Test
  void refusalsArePreciseProblems() throws IOException {
    String admin = api.admin();
    assertThat(checked("POST", SCANS,
        api.call("POST", "/v1/models/churn/drift-scans", admin, "{\"mode\": \"fast\"}"), 400)
        .get("errors").get(0).get("pointer").asText()).isEqualTo("/mode");
    assertThat(checked("POST", SCANS,
        api.call("POST", "/v1/models/churn/drift-scans", admin, "{\"monitor\": \"nope\"}"), 404)
        .get("detail").asText()).contains("has no monitor 'nope'");
    assertThat(checked("POST", SCANS,
        api.call("POST", "/v1/models/fraud/drift-scans", admin, "{}"), 404).get("detail").asText())
        .isEqualTo("model 'fraud' has no policy at config/policies/fraud.yaml");
    assertThat(api.call("GET", "/v1/models/churn/drift-scans?limit=0", admin, null).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v1/models/churn/drift-scans/0b5e7a1c-3f0e-4d55-9a43-0f6b8d1c2e3f/report", admin,
        null).status()).isEqualTo(404);
  }

  private static JsonNode checked(String method, String path, HttpResponse r, int status) throws IOException {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
    JsonNode body = JSON.readTree(r.body());
    assertThat(SCHEMAS.check(method, path, status, body)).isEmpty();
    return body;
  }
}
