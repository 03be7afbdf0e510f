package io.icegate.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.icegate.IcegateFunctions;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.auth.ApiTokens;
import io.icegate.auth.ObjectStoreTokenStore;
import io.icegate.auth.Scope;
import io.icegate.auth.TokenEntry;
import io.icegate.gate.GateService;
import io.icegate.infra.azure.Azurite;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileBatches;
import io.icegate.monitor.ScanRequest;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.store.Sha256;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * upload -> ingest -> register -> gate -> promote -> drift scan, once through the Azure entry
 * points (Event Grid events, HttpRequestMessages, TimerInfo) on Azurite, once through the local
 * function beans on a local home; both end in the same table state.
 */
class GoldenScenarioTest {

  private static final String MODEL = "churn";
  private static final Path SAMPLES = Path.of("../../local/samples");
  private static final int CUSTOMERS = 600;
  private static final int SERVING_ROWS = 400;
  private static final String[] REGIONS = {"north", "south", "east"};
  private static final String MONITORS = """

      monitors:
        - name: serving
          alias: production
          current: {dataset: churn_serving, timestampColumn: ts, window: P1D}
          reference: {training: true}
          columns: [region, tenure]
      """;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Columns of the system tables whose values differ between any two runs by nature (generated ids,
   * times, locations, batch names); dataset tables are compared whole.
   */
  private static final Pattern RUN_SPECIFIC = Pattern.compile(
      "(?i)at|.*(_id|id|_at|time|timestamp|uri|etag|batch|request|snapshot|millis|location|key|report|path|quarantine"
          + "|decision|started|created|recorded|scanned|source|event|details|tag|window_from|window_to)$");

  @TempDir Path dir;

  /** One platform the scenario runs on. */
  interface Platform extends AutoCloseable {
    ObjectStore store();

    IcegateTables tables();

    IngestReport ingest(ObjectInfo landed) throws Exception;

    HttpResponse api(HttpRequest request) throws Exception;

    void scanDrift() throws Exception;
  }

  @Test
  void azureEntryPointsEndInTheSameTableStateAsTheLocalBeans() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Map<String, List<String>> local;
    try (Platform p = localPlatform()) {
      local = run(p, now);
    }
    Map<String, List<String>> azure;
    try (Azurite azurite = Azurite.start(); Platform p = azurePlatform(azurite)) {
      azure = run(p, now);
    }

    assertThat(azure.keySet()).containsExactlyElementsOf(local.keySet());
    assertThat(azure.keySet()).contains("datasets.churn_eval", "datasets.churn_serving", "icegate.model_versions",
        "icegate.gate_decisions", "icegate.drift_results", "icegate.registry_events", "icegate.ingest_log");
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    for (String table : local.keySet()) {
      soft.assertThat(azure.get(table)).as(table).containsExactlyElementsOf(local.get(table));
    }
    soft.assertAll();
    assertThat(local.get("datasets.churn_eval")).hasSize(CUSTOMERS);
    assertThat(local.get("datasets.churn_serving")).hasSize(3 * SERVING_ROWS);
  }

  /** The steps; returns every table's rows without run-specific columns, sorted. */
  private Map<String, List<String>> run(Platform p, Instant now) throws Exception {
    ObjectStore store = p.store();
    String token = ApiTokens.generate();
    new ObjectStoreTokenStore(store).add(new TokenEntry("ci", ApiTokens.sha256Hex(token),
        EnumSet.of(Scope.READ, Scope.REGISTER, Scope.GATE, Scope.PROMOTE), "golden scenario", now, null));
    store.put(IngestFunction.contractKey("churn_eval"), SAMPLES.resolve("contracts/churn_eval.yaml"));
    store.put(IngestFunction.contractKey("churn_serving"), SAMPLES.resolve("contracts/churn_serving.yaml"));
    store.put(GateService.policyKey(MODEL), (Files.readString(SAMPLES.resolve("policies/churn.yaml")) + MONITORS)
        .getBytes(StandardCharsets.UTF_8));

    // upload -> ingest
    double[] latent = latent();
    IngestReport eval = p.ingest(store.put(ObjectKey.of("landing/churn_eval/eval set.csv"), evaluation(latent)));
    assertThat(eval.status()).as(eval.toString()).isEqualTo(IngestStatus.COMMITTED);

    // register
    byte[] artifact = "weights of churn v1".getBytes(StandardCharsets.UTF_8);
    store.put(ObjectKey.of("artifacts/churn/model-v1.bin"), artifact);
    HttpResponse registered = p.api(post(token, "/v1/models/churn/versions", """
        {"artifactKey": "artifacts/churn/model-v1.bin", "sha256": "%s", "dataset": "churn_eval",
         "snapshotId": %d, "codeCommit": "4f2a9c1", "owners": ["ml-team@example.com"]}"""
        .formatted(Sha256.hex(artifact), eval.snapshotId())));
    assertThat(registered.status()).as(registered.bodyText()).isEqualTo(201);

    // gate
    store.put(ObjectKey.of("artifacts/churn/predictions/v1.csv"), predictions(latent, 0.6, 1));
    HttpResponse gated = p.api(post(token, "/v1/models/churn/versions/1/gate", """
        {"dataset": "churn_eval", "snapshotId": %d, "predictions": "artifacts/churn/predictions/v1.csv"}"""
        .formatted(eval.snapshotId())));
    assertThat(gated.status()).as(gated.bodyText()).isEqualTo(201);
    assertThat(JSON.readTree(gated.body()).path("passed").asBoolean()).as(gated.bodyText()).isTrue();

    // promote
    HttpResponse promoted = p.api(HttpRequest.builder("PUT", "/v1/models/churn/aliases/production")
        .header("Authorization", "Bearer " + token).json("{\"version\": 1, \"reason\": \"first release\"}").build());
    assertThat(promoted.status()).as(promoted.bodyText()).isEqualTo(200);

    // serving data, the last day shifted, then the scheduled drift scan
    for (int day = 0; day < 3; day++) {
      IngestReport served = p.ingest(store.put(ObjectKey.of("landing/churn_serving/day-" + day + ".csv"),
          servingDay(now, day, day == 2)));
      assertThat(served.status()).as(served.toString()).isEqualTo(IngestStatus.COMMITTED);
    }
    p.scanDrift();
    HttpResponse alias = p.api(HttpRequest.builder("GET", "/v1/models/churn/aliases/production")
        .header("Authorization", "Bearer " + token).build());
    assertThat(JSON.readTree(alias.body()).path("version").asInt()).as(alias.bodyText()).isEqualTo(1);
    Map<String, List<String>> state = state(p.tables());
    assertThat(state.get("icegate.drift_results")).as("drift results").isNotEmpty()
        .anyMatch(r -> r.contains("column_name=tenure") && r.contains("drifted=true"))
        .anyMatch(r -> r.contains("column_name=region") && r.contains("drifted=false"));
    return state;
  }

  private static HttpRequest post(String token, String path, String json) {
    return HttpRequest.builder("POST", path).header("Authorization", "Bearer " + token).json(json).build();
  }

  private Platform localPlatform() throws IOException {
    LocalIcegate icegate = LocalIcegate.open(new IcegateHome(dir.resolve("local-home")));
    GenericApplicationContext ctx = new GenericApplicationContext();
    icegate.initialize(ctx);
    new IcegateFunctions().initialize(ctx);
    ctx.refresh();
    return new Platform() {
      @Override
      public ObjectStore store() {
        return icegate.store();
      }

      @Override
      public IcegateTables tables() {
        return icegate.tables();
      }

      @Override
      public IngestReport ingest(ObjectInfo landed) {
        IngestReport report = (IngestReport) bean(ctx, IcegateFunctions.INGEST).apply(ObjectCreated.of(landed.key().value()));
        // ingest's follow-up, as the Azure ingest function runs it
        ProfileBatches.after(report, bean(ctx, IcegateFunctions.PROFILE_BATCHES));
        return report;
      }

      @Override
      public HttpResponse api(HttpRequest request) {
        return (HttpResponse) bean(ctx, IcegateFunctions.API).apply(request);
      }

      @Override
      public void scanDrift() {
        bean(ctx, IcegateFunctions.SCAN_DRIFT).apply(ScanRequest.ALL);
      }

      @Override
      public void close() throws IOException {
        ctx.close();
        icegate.close();
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static Function<Object, Object> bean(GenericApplicationContext ctx, String name) {
    return (Function<Object, Object>) ctx.getBean(name, FunctionRegistration.class).getTarget();
  }

  private Platform azurePlatform(Azurite azurite) throws IOException {
    BlobContainerClient container = azurite.newContainer("golden");
    AzureRuntime runtime = AzureRuntime.open(AzureHandlersTest.env(azurite, container.getBlobContainerName(),
        Files.createDirectories(dir.resolve("azure"))));
    AzureHandlers handlers = runtime.bean(AzureHandlers.class);
    return new Platform() {
      @Override
      public ObjectStore store() {
        return runtime.icegate().store();
      }

      @Override
      public IcegateTables tables() {
        return runtime.icegate().tables();
      }

      /** A BlobCreated in the Event Grid schema, as the subscription delivers it. */
      @Override
      public IngestReport ingest(ObjectInfo landed) throws IOException {
        String event = AzureHandlersTest.event("blob-created.eventgrid.json", runtime.icegate().store())
            .replace("landing/trips/nov%2027.csv", BlobUrlPath.of(landed.key().value()))
            .replace("0x8D4BCC2E4835CD0", landed.etag())
            .replace("\"contentLength\": 109", "\"contentLength\": " + landed.size());
        return handlers.ingest(event);
      }

      @Override
      public HttpResponse api(HttpRequest request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        TestHttpRequest message = new TestHttpRequest(request.method(),
            "https://icegate-func.azurewebsites.net" + request.path() + "?code=fn-key", headers,
            request.body().length == 0 ? null : request.body());
        TestHttpRequest.Response r = (TestHttpRequest.Response) handlers.api(message, new TestContext("api"));
        HttpResponse out = new HttpResponse(r.getStatusCode(), null, (byte[]) r.getBody());
        return out;
      }

      @Override
      public void scanDrift() throws IOException {
        handlers.scanDrift(AzureHandlersTest.resource("/events/timer-info.json"), new TestContext("scanDrift"));
      }

      @Override
      public void close() {
        runtime.close();
        container.deleteIfExists();
      }
    };
  }

  /** Percent-encodes a key as a blob URL path (what the storage service puts in events). */
  static final class BlobUrlPath {
    static String of(String key) {
      return java.net.URI.create("http://h/" + key.replace(" ", "%20")).getRawPath().substring(1);
    }
  }

  /** Every table of the catalog: rows as sorted text, system tables without run-specific columns. */
  private static Map<String, List<String>> state(IcegateTables tables) throws IOException {
    Map<String, List<String>> state = new TreeMap<>();
    SupportsNamespaces namespaces = (SupportsNamespaces) tables.catalog();
    for (Namespace ns : namespaces.listNamespaces()) {
      for (TableIdentifier id : tables.catalog().listTables(ns)) {
        Table table = tables.catalog().loadTable(id);
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
          for (Record r : it) {
            StringBuilder row = new StringBuilder();
            for (Types.NestedField f : table.schema().columns()) {
              if (ns.equals(tables.datasets()) || !RUN_SPECIFIC.matcher(f.name()).matches()) {
                row.append(f.name()).append('=').append(r.getField(f.name())).append("; ");
              }
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        state.put(id.toString(), rows);
      }
    }
    return state;
  }

  private static double[] latent() {
    SplittableRandom random = new SplittableRandom(42);
    double[] latent = new double[CUSTOMERS];
    for (int i = 0; i < CUSTOMERS; i++) {
      latent[i] = random.nextGaussian();
    }
    return latent;
  }

  private static byte[] evaluation(double[] latent) {
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder csv = new StringBuilder("customer_id,region,tenure,churned\n");
    for (int i = 0; i < latent.length; i++) {
      csv.append(customer(i)).append(',').append(REGIONS[i % REGIONS.length]).append(',').append(i % 60)
          .append(',').append(latent[i] + random.nextGaussian() > 0 ? 1 : 0).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] predictions(double[] latent, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("customer_id,score\n");
    for (int i = 0; i < latent.length; i++) {
      double score = 1 / (1 + Math.exp(-1.5 * (latent[i] + noise * random.nextGaussian())));
      csv.append(customer(i)).append(',').append(String.format(Locale.ROOT, "%.6f", score)).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Day {@code day} of 3 ending at {@code now}: its rows lie 20 h to 4 h before the day's end, so a
   * one-day window ending at any moment of the test's next hours holds the last day only.
   */
  private static byte[] servingDay(Instant now, int day, boolean shifted) {
    SplittableRandom random = new SplittableRandom(100 + day);
    Instant start = now.minus((3 - day) * 24L - 4, ChronoUnit.HOURS);
    StringBuilder csv = new StringBuilder("customer_id,ts,region,tenure\n");
    for (int i = 0; i < SERVING_ROWS; i++) {
      int tenure = shifted && random.nextDouble() < 0.7 ? random.nextInt(12) : random.nextInt(60);
      csv.append(customer(random.nextInt(100_000))).append(',').append(start.plusSeconds(i * 144L)).append(',')
          .append(REGIONS[random.nextInt(REGIONS.length)]).append(',').append(tenure).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String customer(int i) {
    return String.format(Locale.ROOT, "c%05d", i);
  }
}
