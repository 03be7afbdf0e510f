package io.icegate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.IcegateFunctions;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.auth.ApiTokens;
import io.icegate.auth.ObjectStoreTokenStore;
import io.icegate.auth.Scope;
import io.icegate.auth.TokenEntry;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileBatches;
import io.icegate.ingest.ProfileRequest;
import io.icegate.monitor.ScanRequest;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden scenario through the AWS entry points: upload -> ingest (SQS-wrapped S3 event into
 * {@link IngestHandler}) -> register -> gate -> promote (Function URL events into {@link ApiHandler})
 * -> drift scan (the Scheduler's default event into {@link ScanDriftHandler}), on S3 (s3proxy) with
 * the warehouse there; then the same steps through the beans over a local icegate home. Both end in
 * the same table state: row counts, alias, gate decision and drift verdicts.
 */
class GoldenScenarioTest {

  static final int ROWS = 300;
  static final String CI = "igt_" + "Q2lDaUNpQ2lDaUNpQ2lDaUNpQ2lDaUNpQ2lDaUNpQ2k";
  static final String RELEASE = "igt_" + "UmVsZWFzZVJlbGVhc2VSZWxlYXNlUmVsZWFzZVJlbGU";

  @TempDir Path dir;

  /** How the scenario reaches icegate: the Lambda handlers with events, or the beans with core records. */
  interface Platform {
    ObjectStore store();

    IcegateTables tables();

    String ingest(String key) throws Exception;

    /** Status and JSON body of an API call. */
    Map.Entry<Integer, JsonNode> api(String token, String method, String path, String json) throws Exception;

    JsonNode scheduledScan() throws Exception;
  }

  @Test
  void theAwsEntryPointsEndInTheSameStateAsTheLocalBeans() throws Exception {
    // serving traffic of the last hours, the same for both runs; the scheduled scan's window is the last day
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Map<String, Object> aws;
    try (LambdaFixture f = LambdaFixture.onS3(dir.resolve("aws"), Map.of())) {
      aws = scenario(new Handlers(f), now);
    }
    Map<String, Object> local;
    try (LambdaFixture f = LambdaFixture.start(dir.resolve("local"))) {
      local = scenario(new Beans(f), now);
    }
    assertThat(aws).isEqualTo(local);
    // and the state is the one the steps aimed at
    assertThat(aws.get("rows")).isEqualTo(Map.of("churn_eval", (long) ROWS, "serving", 200L));
    assertThat(aws.get("alias")).isEqualTo(1);
    assertThat(aws.get("gatePassed")).isEqualTo(true);
    assertThat(aws.get("datasetDrift")).isEqualTo(true);
  }

  /** The steps; returns what the run left behind, without ids and times. */
  Map<String, Object> scenario(Platform p, Instant now) throws Exception {
    ObjectStore store = p.store();
    ObjectStoreTokenStore tokens = new ObjectStoreTokenStore(store);
    tokens.add(new TokenEntry("ci", ApiTokens.sha256Hex(CI), EnumSet.of(Scope.READ, Scope.REGISTER, Scope.GATE),
        null, Instant.now(), null));
    tokens.add(new TokenEntry("release-bot", ApiTokens.sha256Hex(RELEASE), EnumSet.of(Scope.READ, Scope.PROMOTE),
        null, Instant.now(), null));
    store.put(IngestFunction.contractKey("churn_eval"), contract("churn_eval", "churned", "integer"));
    store.put(IngestFunction.contractKey("serving"), contract("serving", "ts", "timestamp"));
    store.put(ObjectKey.of("config/policies/churn.yaml"), """
        version: "1"
        task: binary
        evaluation: {id: customer_id, label: churned, minSamples: 100}
        metrics:
          - {metric: roc_auc, threshold: 0.7}
        bootstrap: {resamples: 200, seed: 5}
        monitors:
          - name: features
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [tenure, region]
            mode: exact
            schedule: PT1H
        """.getBytes(StandardCharsets.UTF_8));

    // upload -> ingest
    double[] latent = new double[ROWS];
    SplittableRandom random = new SplittableRandom(9);
    StringBuilder eval = new StringBuilder("customer_id,region,tenure,churned\n");
    for (int i = 0; i < ROWS; i++) {
      latent[i] = random.nextGaussian();
      eval.append(id(i)).append(',').append(i % 2 == 0 ? "north" : "south").append(',').append(12 + i % 24).append(',')
          .append(latent[i] + random.nextGaussian() > 0 ? 1 : 0).append('\n');
    }
    store.put(ObjectKey.of("landing/churn_eval/eval set.csv"), eval.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(p.ingest("landing/churn_eval/eval set.csv")).isEqualTo("committed");
    long snapshot = p.tables().dataset("churn_eval").orElseThrow().currentSnapshot().snapshotId();

    // register
    byte[] artifact = "churn weights v1\n".getBytes(StandardCharsets.UTF_8);
    store.put(ObjectKey.of("artifacts/churn/v1.bin"), artifact);
    var registered = p.api(CI, "POST", "/v1/models/churn/versions", """
        {"artifactKey": "artifacts/churn/v1.bin", "sha256": "%s", "dataset": "churn_eval", "snapshotId": %d,
         "codeCommit": "4f2a9c1", "owners": ["ml@example.com"]}""".formatted(sha256(artifact), snapshot));
    assertThat(registered.getKey()).as(registered.getValue().toString()).isEqualTo(201);

    // gate
    StringBuilder predictions = new StringBuilder("customer_id,score\n");
    SplittableRandom noise = new SplittableRandom(1);
    for (int i = 0; i < ROWS; i++) {
      predictions.append(id(i)).append(',')
          .append(1 / (1 + Math.exp(-1.5 * (latent[i] + 0.8 * noise.nextGaussian())))).append('\n');
    }
    store.put(ObjectKey.of("artifacts/churn/predictions/v1.csv"), predictions.toString().getBytes(StandardCharsets.UTF_8));
    var gate = p.api(CI, "POST", "/v1/models/churn/versions/1/gate",
        "{\"dataset\": \"churn_eval\", \"snapshotTag\": \"icegate-model-churn-v1\", \"predictions\": \"artifacts/churn/predictions/v1.csv\"}");
    assertThat(gate.getKey()).as(gate.getValue().toString()).isEqualTo(201);

    // promote
    var promoted = p.api(RELEASE, "PUT", "/v1/models/churn/aliases/production",
        "{\"version\": 1, \"expectedVersion\": null, \"reason\": \"first release\"}");
    assertThat(promoted.getKey()).as(promoted.getValue().toString()).isEqualTo(200);

    // serving traffic, tenure shifted up: drift
    StringBuilder serving = new StringBuilder("customer_id,region,tenure,ts\n");
    for (int i = 0; i < 200; i++) {
      serving.append("s").append(i).append(',').append(i % 3 == 0 ? "north" : "south").append(',').append(30 + i % 24)
          .append(',').append(now.minus(1 + i % 20, ChronoUnit.HOURS)).append('\n');
    }
    store.put(ObjectKey.of("landing/serving/last hours.csv"), serving.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(p.ingest("landing/serving/last hours.csv")).isEqualTo("committed");

    // the schedule's scan
    JsonNode summary = p.scheduledScan();
    assertThat(summary.get("failures")).as(summary.toString()).isEmpty();
    assertThat(summary.get("scans")).hasSize(1);
    JsonNode scan = summary.get("scans").get(0);

    Map<String, Object> state = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String dataset : List.of("churn_eval", "serving")) {
      rows.put(dataset, (long) LambdaFixture.rows(p.tables().dataset(dataset).orElseThrow()).size());
    }
    state.put("rows", rows);
    var alias = p.api(CI, "GET", "/v1/models/churn/aliases/production", null);
    state.put("alias", alias.getValue().get("version").asInt());
    state.put("gatePassed", gate.getValue().get("passed").asBoolean());
    state.put("gateMetrics", gate.getValue().get("metrics").toString());
    List<Record> decisions = LambdaFixture.rows(p.tables().gateDecisions());
    state.put("gateDecisions", decisions.size());
    var events = p.api(CI, "GET", "/v1/models/churn/events", null);
    List<String> actions = new ArrayList<>();
    events.getValue().get("events").forEach(e -> actions.add(e.get("action").asText() + ":" + e.get("actor").asText()));
    state.put("registryEvents", actions);
    state.put("datasetDrift", scan.get("dataset").get("drifted").asBoolean());
    state.put("driftColumns", scan.get("columns").toString());
    state.put("driftResults", LambdaFixture.rows(p.tables().driftResults()).size());
    state.put("profiles", LambdaFixture.rows(p.tables().profiles()).stream()
        .map(r -> r.getField("dataset") + "." + r.getField("column_name") + ":" + r.getField("row_count")).sorted().toList());
    state.put("ingestLog", LambdaFixture.rows(p.tables().ingestLog()).stream()
        .map(r -> r.getField("source_key") + ":" + r.getField("status")).sorted().toList());
    return state;
  }

  /** Through the Lambda handlers, with events made from the event files. */
  static final class Handlers implements Platform {
    private final LambdaFixture f;
    private final IngestHandler ingest;
    private final ApiHandler api;
    private final ScanDriftHandler scan;

    Handlers(LambdaFixture f) {
      this.f = f;
      this.ingest = new IngestHandler(f.runtime);
      this.api = new ApiHandler(f.runtime);
      this.scan = new ScanDriftHandler(f.runtime);
    }

    @Override
    public ObjectStore store() {
      return f.store();
    }

    @Override
    public IcegateTables tables() {
      return f.tables();
    }

    @Override
    public String ingest(String key) throws Exception {
      ObjectNode sqs = (ObjectNode) LambdaFixture.eventTree("sqs-s3-one.json");
      ObjectNode message = (ObjectNode) sqs.get("Records").get(0);
      ObjectNode notification = (ObjectNode) LambdaFixture.JSON.readTree(message.get("body").asText());
      ObjectNode object = (ObjectNode) ((ArrayNode) notification.get("Records")).get(0).get("s3").get("object");
      var info = f.store().stat(ObjectKey.of(key)).orElseThrow();
      object.put("key", java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
          .put("size", info.size()).put("eTag", info.etag());
      message.put("body", LambdaFixture.JSON.writeValueAsString(notification));
      JsonNode out = LambdaFixture.invoke(ingest, sqs);
      if (!out.get("batchItemFailures").isEmpty()) {
        return "failed";
      }
      return LambdaFixture.rows(f.tables().ingestLog()).stream().filter(r -> key.equals(r.getField("source_key")))
          .map(r -> (String) r.getField("status")).reduce((a, b) -> b).orElse("none");
    }

    @Override
    public Map.Entry<Integer, JsonNode> api(String token, String method, String path, String json) throws Exception {
      ObjectNode event = (ObjectNode) LambdaFixture.eventTree("function-url-register-base64.json");
      int q = path.indexOf('?');
      event.put("rawPath", q < 0 ? path : path.substring(0, q));
      event.put("rawQueryString", q < 0 ? "" : path.substring(q + 1));
      ((ObjectNode) event.get("requestContext").get("http")).put("method", method).put("path", event.get("rawPath").asText());
      ((ObjectNode) event.get("requestContext")).put("requestId", java.util.UUID.randomUUID().toString());
      ObjectNode headers = (ObjectNode) event.get("headers");
      headers.put("authorization", "Bearer " + token);
      if (json == null) {
        event.remove("body");
        headers.remove("content-type");
        headers.remove("content-length");
        event.put("isBase64Encoded", false);
      } else {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        event.put("body", Base64.getEncoder().encodeToString(body));
        headers.put("content-length", String.valueOf(body.length));
      }
      JsonNode out = LambdaFixture.invoke(api, event);
      String text = out.get("isBase64Encoded").asBoolean()
          ? new String(Base64.getDecoder().decode(out.get("body").asText()), StandardCharsets.UTF_8)
          : out.get("body").asText();
      return Map.entry(out.get("statusCode").asInt(), LambdaFixture.JSON.readTree(text));
    }

    @Override
    public JsonNode scheduledScan() throws Exception {
      return LambdaFixture.invoke(scan, LambdaFixture.event("scheduler-default.json"));
    }
  }

  /** Through the same beans in the function catalog, with core records. */
  static final class Beans implements Platform {
    private final LambdaFixture f;

    Beans(LambdaFixture f) {
      this.f = f;
    }

    @Override
    public ObjectStore store() {
      return f.store();
    }

    @Override
    public IcegateTables tables() {
      return f.tables();
    }

    @SuppressWarnings("unchecked")
    private <I, O> Function<I, O> bean(String name) {
      Function<Object, Object> fn = f.runtime.function(name);
      return in -> (O) fn.apply(in);
    }

    @Override
    public String ingest(String key) {
      IngestReport report = this.<ObjectCreated, IngestReport>bean(IcegateFunctions.INGEST).apply(ObjectCreated.of(key));
      // ingest's follow-up, as the Lambda ingest handler runs it
      ProfileBatches.after(report, this.<ProfileRequest, Object>bean(IcegateFunctions.PROFILE_BATCHES));
      return report.status().json();
    }

    @Override
    public Map.Entry<Integer, JsonNode> api(String token, String method, String path, String json) throws Exception {
      int q = path.indexOf('?');
      HttpRequest.Builder b = HttpRequest.builder(method, q < 0 ? path : path.substring(0, q))
          .rawQuery(q < 0 ? "" : path.substring(q + 1)).header("Authorization", "Bearer " + token);
      if (json != null) {
        b.json(json);
      }
      HttpResponse r = this.<HttpRequest, HttpResponse>bean(IcegateFunctions.API).apply(b.build());
      return Map.entry(r.status(), LambdaFixture.JSON.readTree(r.body()));
    }

    @Override
    public JsonNode scheduledScan() {
      Object summary = this.<ScanRequest, Object>bean(IcegateFunctions.SCAN_DRIFT).apply(ScanRequest.ALL);
      return io.icegate.ingest.Json.MAPPER.valueToTree(summary);
    }
  }

  static byte[] contract(String dataset, String extra, String extraType) {
    return """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:test:%s
        version: 1.0.0
        status: active
        schema:
          - name: %s
            properties:
              - {name: customer_id, logicalType: string, required: true, unique: true}
              - {name: region, logicalType: string, required: true}
              - {name: tenure, logicalType: integer}
              - {name: %s, logicalType: %s, required: true}
        """.formatted(dataset, dataset, extra, extraType).getBytes(StandardCharsets.UTF_8);
  }

  static String id(int i) {
    return String.format(Locale.ROOT, "c%04d", i);
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
