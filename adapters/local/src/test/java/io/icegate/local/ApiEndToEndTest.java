package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.api.ApiRoutes;
import io.icegate.api.OpenApiDocument;
import io.icegate.api.ResponseSchemas;
import io.icegate.auth.Scope;
import io.icegate.gate.GateService;
import io.icegate.infra.config.IcegateHome;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.Json;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole registry and gate lifecycle over real HTTP on loopback, through the {@code api} bean
 * that {@code icegate serve} exposes, with tokens made by {@code icegate tokens add}.
 */
class ApiEndToEndTest {
  private static final int ROWS = 400;
  private static final ResponseSchemas SCHEMAS = new ResponseSchemas(OpenApiDocument.load());
  /** Path variables by the segment before them. */
  private static final java.util.Map<String, String> VARIABLES = java.util.Map.of(
      "models", "{model}", "versions", "{version}", "aliases", "{alias}", "gate-decisions", "{decisionId}",
      "drift-scans", "{scanId}");
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private URI base;

  @Test
  void registerGatePromoteRollBackOverHttp() throws Exception {
    Path homeDir = dir.resolve("home");
    Cli cli = new Cli(homeDir);
    String ci = cli.run("tokens", "add", "--principal", "ci", "--scopes", "read,register,gate").out().strip();
    String release = cli.run("tokens", "add", "--principal", "release-bot", "--scopes", "read,promote").out().strip();
    String lead = cli.run("tokens", "add", "--principal", "ml-lead", "--scopes", "read,promote,override").out().strip();
    try (LocalRuntime runtime = LocalRuntime.start(new IcegateHome(homeDir));
        LocalHttpServer http = LocalHttpServer.start(runtime.api(), LocalHttpServer.Config.DEFAULTS.withPort(0))) {
      base = http.uri();
      ObjectStore store = runtime.icegate().store();
      double[] latent = new double[ROWS];
      long snapshot = evaluationData(runtime, latent);
      store.put(GateService.policyKey("churn"), """
          version: "1"
          task: binary
          evaluation: {id: customer_id, label: churned, minSamples: 100}
          metrics:
            - {metric: roc_auc, threshold: 0.7, nonInferiorityMargin: 0.02}
          bootstrap: {resamples: 200, seed: 5}
          """.getBytes(StandardCharsets.UTF_8));

      // the real route table, the one the api bean serves, is the documented one
      ApiRoutes routes = runtime.context().getBean(ApiRoutes.class);
      assertThat(OpenApiDocument.load().differences(routes)).isEmpty();
      // every real route refuses a missing token (401) and a token without its scope (403)
      String feedbackOnly = cli.run("tokens", "add", "--principal", "labeler", "--scopes", "feedback").out().strip();
      for (io.icegate.api.Route route : routes.routes()) {
        String withoutScope = route.scope() == Scope.FEEDBACK ? ci : feedbackOnly;
        String path = route.path().template().replace("{model}", "churn").replace("{version}", "1")
            .replace("{alias}", "production").replace("{decisionId}", "d1").replace("{scanId}", "s1");
        String body = route.method().equals("GET") ? null : "{}";
        assertThat(send(null, route.method(), path, body).statusCode()).as(route.toString()).isEqualTo(401);
        assertThat(send("igt_" + "A".repeat(43), route.method(), path, body).statusCode()).as(route.toString())
            .isEqualTo(401);
        assertThat(send(withoutScope, route.method(), path, body).statusCode()).as(route.toString()).isEqualTo(403);
      }

      for (int v = 1; v <= 3; v++) {
        byte[] artifact = ("weights " + v).getBytes(StandardCharsets.UTF_8);
        store.put(ObjectKey.of("artifacts/churn/v" + v + ".bin"), artifact);
        HttpResponse<String> r = send(ci, "POST", "/v1/models/churn/versions", """
            {"artifactKey": "artifacts/churn/v%d.bin", "sha256": "%s", "dataset": "churn_eval",
             "snapshotId": %d, "codeCommit": "c0ffee%d", "params": {"depth": 6}, "owners": ["ml@example.com"]}
            """.formatted(v, sha256(artifact), snapshot, v));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).contains("/v1/models/churn/versions/" + v);
        assertThat(json(r).get("version").asInt()).isEqualTo(v);
      }
      HttpResponse<String> badSha = send(ci, "POST", "/v1/models/churn/versions", """
          {"artifactKey": "artifacts/churn/v1.bin", "sha256": "%s", "dataset": "churn_eval", "snapshotId": %d,
           "codeCommit": "x"}""".formatted("0".repeat(64), snapshot));
      assertThat(badSha.statusCode()).isEqualTo(422);
      assertThat(json(badSha).get("detail").asText()).contains("sha256");

      gate(ci, 1, predictions(store, "v1", latent, 0.8, 1), true);
      assertThat(send(release, "PUT", "/v1/models/churn/aliases/production",
          "{\"version\": 2, \"expectedVersion\": null}").statusCode()).isEqualTo(422);
      assertThat(send(release, "PUT", "/v1/models/churn/aliases/production",
          "{\"version\": 1, \"expectedVersion\": null, \"reason\": \"first\"}").statusCode()).isEqualTo(200);
      // CI cannot supply metric values: an unknown field is refused
      HttpResponse<String> claimed = send(ci, "POST", "/v1/models/churn/versions/2/gate",
          "{\"dataset\": \"churn_eval\", \"snapshotId\": %d, \"predictions\": \"x.csv\", \"roc_auc\": 0.99}".formatted(snapshot));
      assertThat(claimed.statusCode()).isEqualTo(400);
      assertThat(claimed.body()).contains("roc_auc");

      JsonNode worse = gate(ci, 2, predictions(store, "v2", latent, 3.0, 2), false);
      assertThat(worse.get("baselineVersion").asInt()).isEqualTo(1);
      gate(ci, 3, predictions(store, "v3", latent, 0.2, 3), true);

      HttpResponse<String> denied = send(release, "PUT", "/v1/models/churn/aliases/production", "{\"version\": 2}");
      assertThat(denied.statusCode()).isEqualTo(422);
      assertThat(json(denied).get("detail").asText()).contains("has no passing gate decision");
      HttpResponse<String> noScope = send(release, "PUT", "/v1/models/churn/aliases/production",
          "{\"version\": 2, \"override\": true, \"reason\": \"hotfix\"}");
      assertThat(noScope.statusCode()).isEqualTo(403);
      HttpResponse<String> noReason = send(lead, "PUT", "/v1/models/churn/aliases/staging",
          "{\"version\": 2, \"override\": true}");
      assertThat(noReason.statusCode()).isEqualTo(422);
      assertThat(send(lead, "PUT", "/v1/models/churn/aliases/staging",
          "{\"version\": 2, \"override\": true, \"reason\": \"load test\"}").statusCode()).isEqualTo(200);

      // eight concurrent promotions expecting version 1: exactly one wins, the rest see the winner
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<HttpResponse<String>>> racers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        racers.add(pool.submit((Callable<HttpResponse<String>>) () -> send(release, "PUT",
            "/v1/models/churn/aliases/production", "{\"version\": 3, \"expectedVersion\": 1, \"reason\": \"better\"}")));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> f : racers) {
        HttpResponse<String> r = f.get();
        statuses.add(r.statusCode());
        if (r.statusCode() == 409) {
          assertThat(json(r).get("current").get("version").asInt()).isEqualTo(3);
        }
      }
      pool.shutdown();
      assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);

      HttpResponse<String> back = send(release, "POST", "/v1/models/churn/aliases/production/rollback",
          "{\"expectedVersion\": 3, \"reason\": \"latency\"}");
      assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
      assertThat(json(send(ci, "GET", "/v1/models/churn/aliases/production", null)).get("version").asInt()).isEqualTo(1);

      JsonNode events = json(send(ci, "GET", "/v1/models/churn/events", null)).get("events");
      List<String> actions = new ArrayList<>();
      events.forEach(e -> actions.add(e.get("action").asText() + ":" + e.get("actor").asText()));
      assertThat(actions).containsExactly("register:ci", "register:ci", "register:ci", "promote:release-bot",
          "override:ml-lead", "promote:release-bot", "rollback:release-bot");
      JsonNode lineage = json(send(ci, "GET", "/v1/models/churn/versions/3/lineage", null));
      assertThat(lineage.toString()).contains("landing/churn_eval/eval.csv");
      assertThat(json(send(ci, "GET", "/v1/models/churn/gate-decisions?version=2", null)).get("decisions")).hasSize(1);
      assertThat(send(ci, "GET", "/v1/openapi.json", null).statusCode()).isEqualTo(200);
      assertThat(send(null, "GET", "/v1/models", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void labelsAndTheReviewQueueOverHttp() throws Exception {
    Path homeDir = dir.resolve("home");
    Cli cli = new Cli(homeDir);
    String labeler = cli.run("tokens", "add", "--principal", "labeler", "--scopes", "feedback").out().strip();
    String reader = cli.run("tokens", "add", "--principal", "dashboard", "--scopes", "read").out().strip();
    assertThat(cli.run("contracts", "put", FeedbackData.contracts().resolve("predictions.yaml").toString()).exit())
        .isZero();
    assertThat(cli.run("ingest", FeedbackData.predictions(dir.resolve("log.csv")).toString(), "--dataset",
        "predictions").exit()).isZero();
    try (LocalRuntime runtime = LocalRuntime.start(new IcegateHome(homeDir));
        LocalHttpServer http = LocalHttpServer.start(runtime.api(), LocalHttpServer.Config.DEFAULTS.withPort(0))) {
      base = http.uri();
      String one = "{\"items\": [{\"requestId\": \"r-3\", \"label\": \"1\", \"source\": \"human:alice\"}]}";

      // no feedback contract yet: refused before anything is written, saying what to do
      HttpResponse<String> noContract = send(labeler, "POST", "/v1/feedback", one);
      assertThat(noContract.statusCode()).isEqualTo(422);
      assertThat(json(noContract).get("detail").asText()).isEqualTo("no contract for dataset 'feedback': expected"
          + " config/contracts/feedback.yaml (store local/samples/contracts/feedback.yaml with: icegate contracts put)");
      runtime.icegate().store().put(IngestFunction.contractKey("feedback"),
          java.nio.file.Files.readAllBytes(FeedbackData.contracts().resolve("feedback.yaml")));

      HttpResponse<String> first = send(labeler, "POST", "/v1/feedback", """
          {"items": [
            {"requestId": "r-3", "label": "1", "source": "human:alice"},
            {"requestId": "late-1", "label": "0", "source": "crm"},
            {"requestId": "r-4", "label": "", "source": "crm"}]}""");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      JsonNode batch = json(first);
      assertThat(batch.get("recorded").asInt()).isEqualTo(2);
      assertThat(batch.get("refused").asInt()).isEqualTo(1);
      assertThat(batch.get("unknownRequestIds").asInt()).isEqualTo(1);
      assertThat(batch.at("/items/0/status").asText()).isEqualTo("recorded");
      assertThat(batch.at("/items/0/feedback/actor").asText()).isEqualTo("labeler");
      assertThat(batch.at("/items/1/warning").asText()).contains("'late-1' is not in dataset 'predictions'");
      assertThat(batch.at("/items/2/reason").asText()).isEqualTo("label is empty");
      assertThat(batch.at("/ingest/status").asText()).isEqualTo("committed");

      JsonNode again = json(send(labeler, "POST", "/v1/feedback", one));
      assertThat(again.at("/items/0/status").asText()).isEqualTo("duplicate");
      assertThat(again.at("/items/0/feedback/feedbackId")).isEqualTo(batch.at("/items/0/feedback/feedbackId"));
      assertThat(again.get("ingest").isNull()).isTrue();
      JsonNode corrected = json(send(labeler, "POST", "/v1/feedback", one.replace("\"1\"", "\"0\"")));
      assertThat(corrected.at("/items/0/status").asText()).isEqualTo("corrected");
      assertThat(corrected.at("/items/0/previousLabel").asText()).isEqualTo("1");
      assertThat(corrected.at("/items/0/feedback/corrects")).isEqualTo(batch.at("/items/0/feedback/feedbackId"));

      // a body of the wrong shape: 400 naming each field, nothing recorded
      HttpResponse<String> noLabel = send(labeler, "POST", "/v1/feedback",
          "{\"items\": [{\"requestId\": \"r-5\", \"source\": \"crm\", \"score\": 1}]}");
      assertThat(noLabel.statusCode()).isEqualTo(400);
      assertThat(json(noLabel).get("errors")).extracting(e -> e.get("pointer").asText() + " " + e.get("detail").asText())
          .containsExactlyInAnyOrder("/items/0/score unknown field 'score'; the fields are requestId, label, source",
              "/items/0/label required field 'label' is missing");
      StringBuilder many = new StringBuilder("{\"items\": [");
      for (int i = 0; i <= 1000; i++) {
        many.append(i == 0 ? "" : ",").append("{\"requestId\": \"r-1\", \"label\": \"1\", \"source\": \"crm\"}");
      }
      HttpResponse<String> tooMany = send(labeler, "POST", "/v1/feedback", many + "]}");
      assertThat(tooMany.statusCode()).isEqualTo(400);
      assertThat(json(tooMany).get("detail").asText())
          .isEqualTo("/items: 1001 items; at most 1000 per request (split the batch)");
      HttpResponse<String> empty = send(labeler, "POST", "/v1/feedback", "{\"items\": []}");
      assertThat(json(empty).get("detail").asText()).isEqualTo("/items: no labels: send at least one item");
      assertThat(send(labeler, "POST", "/v1/feedback", "{\"items\": {}}").statusCode()).isEqualTo(400);

      // the queue hands out and records: a read token may not spend the budget
      HttpResponse<String> readOnly = send(reader, "GET", "/v1/review-queue?model=churn", null);
      assertThat(readOnly.statusCode()).isEqualTo(403);
      assertThat(json(readOnly).get("requiredScope").asText()).isEqualTo("feedback");
      HttpResponse<String> queue = send(labeler, "GET", "/v1/review-queue?model=churn&budget=6&limit=4", null);
      assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
      JsonNode q = json(queue);
      // r-3 is labelled; 18 of the 19 uncertain ones remain, the least sure of each class in turn
      assertThat(q.get("candidates").asInt()).isEqualTo(FeedbackData.UNCERTAIN - 1);
      List<String> ids = new ArrayList<>();
      q.get("items").forEach(i -> ids.add(i.get("requestId").asText()));
      assertThat(ids).containsExactly("r-10", "r-9", "r-11", "r-8");
      assertThat(q.at("/items/0/features/country").asText()).isEqualTo("de");
      JsonNode rest = json(send(labeler, "GET", "/v1/review-queue?model=churn&budget=6", null));
      assertThat(rest.get("handedOutBefore").asInt()).isEqualTo(4);
      assertThat(rest.get("items")).hasSize(2);
      assertThat(rest.get("remaining").asInt()).isZero();
      JsonNode spent = json(send(labeler, "GET", "/v1/review-queue?model=churn&budget=6", null));
      assertThat(spent.get("items")).isEmpty();
      assertThat(spent.get("assignmentId").isNull()).isTrue();

      // wrong parameters: 400 naming each one
      assertThat(problem(labeler, "/v1/review-queue")).isEqualTo("parameter 'model': model is required");
      assertThat(problem(labeler, "/v1/review-queue?model=churn&threshold=abc"))
          .isEqualTo("parameter 'threshold': must be a number such as 0.2, found 'abc'");
      assertThat(problem(labeler, "/v1/review-queue?model=churn&budget=0"))
          .isEqualTo("parameter 'budget': must be a positive integer, found '0'");
      assertThat(problem(labeler, "/v1/review-queue?model=churn&strata=region")).startsWith(
          "parameter 'strata': unknown strata 'region'; use class");
      assertThat(problem(labeler, "/v1/review-queue?model=churn&confidence=score"))
          .startsWith("parameter 'threshold': confidence score has no default threshold");
      assertThat(problem(labeler, "/v1/review-queue?model=churn&modle=x")).isEqualTo("parameter 'modle': unknown parameter"
          + " 'modle'; the parameters are budget, confidence, limit, model, strata, threshold, variant, window");
      assertThat(problem(labeler, "/v1/review-queue?model=churn&model=fraud"))
          .isEqualTo("parameter 'model': given 2 times; give it once");
    }
  }

  /** The detail of a 400 answer to a GET. */
  private String problem(String token, String path) throws Exception {
    HttpResponse<String> r = send(token, "GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return json(r).get("detail").asText();
  }

  private JsonNode gate(String token, int version, String predictions, boolean passes) throws Exception {
    HttpResponse<String> r = send(token, "POST", "/v1/models/churn/versions/" + version + "/gate",
        "{\"dataset\": \"churn_eval\", \"snapshotTag\": \"icegate-model-churn-v1\", \"predictions\": \"" + predictions + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode d = json(r);
    assertThat(d.get("passed").asBoolean()).as(r.body()).isEqualTo(passes);
    return d;
  }

  private long evaluationData(LocalRuntime runtime, double[] latent) throws Exception {
    ObjectStore store = runtime.icegate().store();
    store.put(IngestFunction.contractKey("churn_eval"), """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:test:churn-eval
        version: 1.0.0
        status: active
        schema:
          - name: churn_eval
            properties:
              - {name: customer_id, logicalType: string, required: true, unique: true}
              - {name: churned, logicalType: integer, required: true}
        """.getBytes(StandardCharsets.UTF_8));
    SplittableRandom random = new SplittableRandom(9);
    StringBuilder csv = new StringBuilder("customer_id,churned\n");
    for (int i = 0; i < ROWS; i++) {
      latent[i] = random.nextGaussian();
      csv.append(id(i)).append(',').append(latent[i] + random.nextGaussian() > 0 ? 1 : 0).append('\n');
    }
    store.put(ObjectKey.of("landing/churn_eval/eval.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    var report = runtime.ingest().apply(ObjectCreated.of("landing/churn_eval/eval.csv"));
    assertThat(report.status()).isEqualTo(IngestStatus.COMMITTED);
    return report.snapshotId();
  }

  private static String predictions(ObjectStore store, String name, double[] latent, double noise, long seed)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("customer_id,score\n");
    for (int i = 0; i < latent.length; i++) {
      csv.append(id(i)).append(',').append(1 / (1 + Math.exp(-1.5 * (latent[i] + noise * random.nextGaussian()))))
          .append('\n');
    }
    String key = "artifacts/churn/predictions/" + name + ".csv";
    store.put(ObjectKey.of(key), csv.toString().getBytes(StandardCharsets.UTF_8));
    return key;
  }

  private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = client.send(b.build(), BodyHandlers.ofString());
    // every answer is what the OpenAPI document says it is
    String[] segments = path.replaceAll("\\?.*", "").split("/");
    for (int i = 1; i < segments.length; i++) {
      segments[i] = VARIABLES.getOrDefault(segments[i - 1], segments[i]);
    }
    String template = String.join("/", segments);
    if (r.statusCode() != 401 && !path.equals("/v1/openapi.json")) {
      assertThat(SCHEMAS.check(method, template, r.statusCode(), json(r))).as(method + " " + path).isEmpty();
    }
    return r;
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private static String id(int i) {
    return String.format(Locale.ROOT, "c%04d", i);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
