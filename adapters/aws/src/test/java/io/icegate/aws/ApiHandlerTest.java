package io.icegate.aws;

import static io.icegate.aws.LambdaFixture.event;
import static io.icegate.aws.LambdaFixture.eventTree;
import static io.icegate.aws.LambdaFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.api.Headers;
import io.icegate.api.HttpResponse;
import io.icegate.auth.Scope;
import io.icegate.store.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API handler over real Function URL / HTTP API v2 event files and the real {@code api} bean. */
class ApiHandlerTest {

  @TempDir Path dir;
  LambdaFixture f;
  ApiHandler api;

  @BeforeEach
  void start() throws Exception {
    f = LambdaFixture.start(dir);
    f.contract("trips");
    f.token("ci", Scope.READ, Scope.REGISTER);
    api = new ApiHandler(f.runtime);
    // a training snapshot to register against, tagged as the event's body names it
    f.upload(IngestHandlerContract.MORNING, "uploads/trips-morning.csv");
    assertThat(invoke(new IngestHandler(f.runtime), event("sqs-s3-one.json")).get("batchItemFailures")).isEmpty();
    Table trips = f.tables().dataset("trips").orElseThrow();
    trips.manageSnapshots().createTag("train-2026-11-27", trips.currentSnapshot().snapshotId()).commit();
    f.upload("artifacts/churn/model-v1.bin", "uploads/model-v1.bin");
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void aBase64BodyFromAFunctionUrlRegistersAVersion() throws Exception {
    JsonNode event = eventTree("function-url-register-base64.json");
    JsonNode out = invoke(api, event("function-url-register-base64.json"));

    assertThat(out.get("statusCode").asInt()).as(out.toString()).isEqualTo(201);
    assertThat(out.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(out.get("headers").get("location").asText()).isEqualTo("/v1/models/churn/versions/1");
    assertThat(out.get("headers").get("x-request-id").asText())
        .isEqualTo(event.get("requestContext").get("requestId").asText());
    JsonNode body = LambdaFixture.JSON.readTree(out.get("body").asText());
    assertThat(body.get("version").asInt()).isEqualTo(1);
    // the UTF-8 inside the base64 body arrived intact
    assertThat(body.toString()).contains("first model, café edition");
    // the version is in the registry's Iceberg table, with the actor the token names
    assertThat(LambdaFixture.rows(f.tables().modelVersions())).hasSize(1);
    assertThat(LambdaFixture.rows(f.tables().registryEvents()).toString()).contains("ci");

    JsonNode read = invoke(api, event("http-api-get-version.json"));
    assertThat(read.get("statusCode").asInt()).as(read.toString()).isEqualTo(200);
    assertThat(LambdaFixture.JSON.readTree(read.get("body").asText()).get("version").asInt()).isEqualTo(1);
  }

  @Test
  void queryStringsAndMissingTokensAreAnsweredAsProblems() throws Exception {
    JsonNode noToken = invoke(api, event("http-api-no-token.json"));
    assertThat(noToken.get("statusCode").asInt()).isEqualTo(401);
    assertThat(noToken.get("headers").get("content-type").asText()).isEqualTo("application/problem+json");

    ObjectNode badQuery = (ObjectNode) eventTree("http-api-get-version.json");
    badQuery.put("rawPath", "/v1/models/churn/gate-decisions");
    ((ObjectNode) badQuery.get("requestContext").get("http")).put("path", "/v1/models/churn/gate-decisions");
    badQuery.put("rawQueryString", "version=caf%C3%A9");
    JsonNode refused = invoke(api, badQuery);
    assertThat(refused.get("statusCode").asInt()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.get("body").asText()).contains("version");

    badQuery.put("rawQueryString", "version=%zz");
    JsonNode malformed = invoke(api, badQuery);
    assertThat(malformed.get("statusCode").asInt()).isEqualTo(400);
    assertThat(malformed.get("body").asText()).contains("malformed percent escape");

    badQuery.put("rawQueryString", "version=1");
    JsonNode listed = invoke(api, badQuery);
    assertThat(listed.get("statusCode").asInt()).as(listed.toString()).isEqualTo(200);
    assertThat(LambdaFixture.JSON.readTree(listed.get("body").asText()).get("decisions")).isEmpty();
  }

  @Test
  void binaryResponsesGoBase64AndTextStaysText() {
    byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
    ApiHandler.V2Response binary = ApiHandler.response(new HttpResponse(200,
        Headers.ofSingle(Map.of("Content-Type", "application/octet-stream")), bytes));
    assertThat(binary.isBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(binary.body())).isEqualTo(bytes);

    ApiHandler.V2Response text = ApiHandler.response(HttpResponse.ok(Map.of("name", "été")));
    assertThat(text.isBase64Encoded()).isFalse();
    assertThat(text.body()).isEqualTo("{\"name\":\"été\"}");
  }

  @Test
  void otherPayloadsAreRefusedNotBound() throws Exception {
    assertThatThrownBy(() -> invoke(api, event("api-gateway-rest-v1.json")))
        .isInstanceOf(RefusedEventException.class)
        .hasMessageContaining("payload format 2.0")
        .hasMessageContaining("httpMethod");
    assertThatThrownBy(() -> invoke(api, event("sqs-s3-one.json")))
        .isInstanceOf(RefusedEventException.class).hasMessageContaining("Records");
    assertThat(LambdaFixture.rows(f.tables().modelVersions())).isEmpty();
    assertThat(f.store().stat(ObjectKey.of("artifacts/churn/model-v1.bin"))).isPresent();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
