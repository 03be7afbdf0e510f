package io.icegate.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.icegate.auth.ApiTokens;
import io.icegate.auth.ObjectStoreTokenStore;
import io.icegate.auth.Scope;
import io.icegate.auth.TokenEntry;
import io.icegate.infra.azure.Azurite;
import io.icegate.infra.azure.AzureSettings;
import io.icegate.infra.azure.BlobObjectStore;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points with real payloads, real beans, Azurite as the object store and a local warehouse. */
class AzureHandlersTest {

  /** The account/container in the recorded payloads, replaced by Azurite's. */
  static final String RECORDED_CONTAINER_URL = "https://icegatedemo.blob.core.windows.net/icegate";
  static final String CSV_HEADER = "trip_id,pickup_ts,passenger_count,fare,payment\n";

  private static Azurite azurite;

  @TempDir Path dir;
  private BlobContainerClient container;
  private AzureRuntime runtime;
  private AzureHandlers handlers;
  private BlobObjectStore store;

  @BeforeAll
  static void startAzurite() throws IOException {
    azurite = Azurite.start();
  }

  @AfterAll
  static void stopAzurite() throws IOException {
    if (azurite != null) {
      azurite.close();
    }
  }

  @BeforeEach
  void open() throws IOException {
    container = azurite.newContainer("icegate");
    runtime = AzureRuntime.open(env(azurite, container.getBlobContainerName(), dir));
    handlers = runtime.bean(AzureHandlers.class);
    store = runtime.icegate().store();
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
    container.deleteIfExists();
  }

  static Map<String, String> env(Azurite azurite, String container, Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put(AzureSettings.STORAGE_CONNECTION, azurite.connectionString());
    env.put(AzureSettings.CONTAINER, container);
    env.put(AzureSettings.CATALOG_TYPE, "jdbc");
    env.put(AzureSettings.CATALOG_URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
    env.put(AzureSettings.WAREHOUSE, dir.resolve("warehouse").toString());
    env.put(AzureSettings.TMP, dir.resolve("tmp").toString());
    return env;
  }

  /** A recorded event with its blob URL moved to this test's Azurite container. */
  static String event(String name, BlobObjectStore store) throws IOException {
    try (InputStream in = AzureHandlersTest.class.getResourceAsStream("/events/" + name)) {
      String base = store.uri(ObjectKey.of("x")).toString();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace(RECORDED_CONTAINER_URL, base.substring(0, base.length() - 2));
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = AzureHandlersTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void putContract() throws IOException {
    store.put(IngestFunction.contractKey("trips"), resource("/ingest/trips.yaml").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eventGridSchemaBlobCreatedCommitsTheUpload() throws Exception {
    putContract();
    ObjectInfo landed = store.put(ObjectKey.of("landing/trips/nov 27.csv"), (CSV_HEADER
        + "t1,2026-11-27T07:00:00Z,1,10.5,card\nt2,2026-11-27T07:30:00Z,2,12,cash\n").getBytes(StandardCharsets.UTF_8));
    // the recorded event carries the service's etag; here it is the blob's own
    String event = event("blob-created.eventgrid.json", store).replace("0x8D4BCC2E4835CD0", landed.etag());
    TestContext context = new TestContext("ingest");
    // stands in for the registry the Application Insights agent adds to Micrometer's global one
    io.micrometer.core.instrument.simple.SimpleMeterRegistry agent = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(agent);
    try {
      handlers.ingest(event, context);

      assertThat(context.messages).singleElement().asString().contains("landing/trips/nov 27.csv", "COMMITTED");
      assertThat(tripIds()).containsExactlyInAnyOrder("t1", "t2");
      IngestReport again = handlers.ingest(event);
      assertThat(again.status()).isEqualTo(IngestStatus.DUPLICATE);
      assertThat(tripIds()).hasSize(2);
      assertThat(agent.counter(io.icegate.observe.Instrumented.UPLOADS, "status", "committed").count()).isEqualTo(1);
      assertThat(agent.counter(io.icegate.observe.Instrumented.UPLOADS, "status", "duplicate").count()).isEqualTo(1);
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(agent);
    }
  }

  @Test
  void cloudEventsSchemaBlobCreatedQuarantinesBadRows() throws Exception {
    putContract();
    store.put(ObjectKey.of("landing/trips/bad rows.csv"), (CSV_HEADER
        + "t1,2026-11-27T07:00:00Z,1,10.5,bitcoin\nt2,2026-11-27T07:30:00Z,42,12,cash\n").getBytes(StandardCharsets.UTF_8));
    TestContext context = new TestContext("ingest");

    handlers.ingest(event("blob-created.cloudevents.json", store), context);

    assertThat(context.messages).singleElement().asString().contains("QUARANTINED");
    List<String> quarantined = store.list("quarantine/trips/").stream().map(i -> i.key().value()).toList();
    assertThat(quarantined).anyMatch(k -> k.endsWith("/bad rows.csv")).anyMatch(k -> k.endsWith("/report.json"));
    String reportKey = quarantined.stream().filter(k -> k.endsWith("/report.json")).findFirst().orElseThrow();
    JsonNode report = JsonMapper.builder().build().readTree(store.readAllBytes(ObjectKey.of(reportKey)));
    assertThat(report.path("status").asText()).isEqualTo("quarantined");
    assertThat(report.toString()).contains("passenger_count: above maximum 9");
    assertThat(tripIds()).isEmpty();
  }

  @Test
  void wrongEventsAreRefusedLoudly() throws Exception {
    putContract();
    String created = event("blob-created.eventgrid.json", store);
    TestContext context = new TestContext("ingest");

    assertThatThrownBy(() -> handlers.ingest(event("blob-deleted.eventgrid.json", store), context))
        .hasMessageContaining("refused").hasMessageContaining("Microsoft.Storage.BlobDeleted");
    assertThatThrownBy(() -> handlers.ingest(resource("/events/timer-info.json"), context))
        .hasMessageContaining("refused").hasMessageContaining("neither an Event Grid event");
    assertThatThrownBy(() -> handlers.ingest("[" + created + "]", context))
        .hasMessageContaining("refused").hasMessageContaining("ARRAY");
    assertThatThrownBy(() -> handlers.ingest(created.replace("/" + container.getBlobContainerName() + "/landing/",
        "/other/landing/"), context))
        .hasMessageContaining("refused").hasMessageContaining("is not in container");
    assertThatThrownBy(() -> handlers.ingest(created.replace("/landing/trips/", "/config/contracts/"), context))
        .hasMessageContaining("refused").hasMessageContaining("is not under landing/");
    assertThatThrownBy(() -> handlers.ingest(created.replace(azurite.blobEndpoint(),
        "https://elsewhere.blob.core.windows.net"), context))
        .hasMessageContaining("is not in container");
    assertThatThrownBy(() -> handlers.scanDrift(created, new TestContext("scanDrift")))
        .hasMessageContaining("refused").hasMessageContaining("not a TimerInfo");
    assertThat(runtime.icegate().tables().dataset("trips")).isEmpty();
    assertThat(context.messages).isEmpty();
  }

  @Test
  void theWorkerGetsHandlersFromTheSpringContextThroughTheInjector() throws Exception {
    List<com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector> injectors = new java.util.ArrayList<>();
    java.util.ServiceLoader.load(com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector.class)
        .forEach(injectors::add);
    assertThat(injectors).singleElement().isInstanceOf(SpringInstanceInjector.class);

    AzureRuntime.share(runtime);
    try {
      AzureHandlers first = injectors.get(0).getInstance(AzureHandlers.class);
      assertThat(first).isSameAs(handlers).isSameAs(injectors.get(0).getInstance(AzureHandlers.class));
    } finally {
      AzureRuntime.share(null);
    }
  }

  @Test
  void maintainTablesRunsTheMaintenanceBeanOnItsTimer() throws Exception {
    TestContext context = new TestContext("maintainTables");

    handlers.maintainTables(resource("/events/timer-info.json"), context);

    assertThat(context.messages).singleElement().asString().startsWith("maintainTables: ");
    assertThatThrownBy(() -> handlers.maintainTables(event("blob-created.eventgrid.json", store), context))
        .hasMessageContaining("not a TimerInfo");
  }

  @Test
  void timerInfoStartsTheScheduledDriftScan() throws Exception {
    TestContext context = new TestContext("scanDrift");

    handlers.scanDrift(resource("/events/timer-info.json"), context);

    assertThat(context.messages).singleElement().asString().startsWith("scanDrift: DriftSummary[");
  }

  @Test
  void httpRequestMessageGoesThroughIcegateAuthAndBack() throws Exception {
    TestHttpRequest anonymous = TestHttpRequest.fromResource("http-get-models.json", "fn-key-123");

    TestHttpRequest.Response refused = (TestHttpRequest.Response) handlers.api(anonymous, new TestContext("api"));

    assertThat(refused.getStatusCode()).isEqualTo(401);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");

    String token = ApiTokens.generate();
    new ObjectStoreTokenStore(store).add(new TokenEntry("ci", ApiTokens.sha256Hex(token), Set.of(Scope.READ),
        "test", Instant.now(), null));
    TestHttpRequest authorized = TestHttpRequest.fromResource("http-get-models.json", "fn-key-123")
        .header("Authorization", "Bearer " + token);
    TestContext context = new TestContext("api");

    TestHttpRequest.Response answered = (TestHttpRequest.Response) handlers.api(authorized, context);

    // past authentication and routing: the registry answers that there is no such model
    assertThat(answered.getStatusCode()).as(answered.bodyText()).isEqualTo(404);
    JsonNode problem = JsonMapper.builder().build().readTree(answered.bodyText());
    assertThat(problem.path("detail").asText()).isEqualTo("no model named 'churn' is registered");
    assertThat(problem.path("requestId").asText()).isEqualTo(context.getInvocationId());
    assertThat(answered.getHeader("X-Request-Id")).isEqualTo(context.getInvocationId());
    assertThat(answered.bodyText()).doesNotContain("fn-key-123");
  }

  @Test
  void functionKeyNeverReachesIcegate() throws Exception {
    TestHttpRequest request = TestHttpRequest.fromResource("http-get-models.json", "fn-key-123")
        .header("x-functions-key", "fn-key-456");

    io.icegate.api.HttpRequest mapped = HttpMessages.toIcegate(request, "inv-1");

    assertThat(mapped.path()).isEqualTo("/v1/models/churn/versions");
    assertThat(mapped.query()).containsOnlyKeys("limit").containsEntry("limit", List.of("10"));
    assertThat(mapped.header("x-functions-key")).isEmpty();
    assertThat(mapped.header("user-agent")).contains("curl/8.5.0");
    assertThat(mapped.requestId()).isEqualTo("inv-1");
    assertThat(mapped.body()).isEmpty();
  }

  @Test
  void compareShadowRefusesABadBodyWithAProblem() throws Exception {
    TestHttpRequest request = new TestHttpRequest("POST", "https://icegate-func.azurewebsites.net/ops/compare-shadow",
        Map.of("Content-Type", "application/json"), "{\"model\": 12, \"from\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8));

    TestHttpRequest.Response response = (TestHttpRequest.Response) handlers.compareShadow(request, new TestContext("compareShadow"));

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void compareShadowCallsTheBeanWithTheRequest() throws Exception {
    TestHttpRequest request = new TestHttpRequest("POST", "https://icegate-func.azurewebsites.net/ops/compare-shadow",
        Map.of("Content-Type", "application/json"), ("{\"model\": \"churn\", \"variant\": \"canary\","
            + " \"from\": \"2026-11-26T00:00:00Z\", \"to\": \"2026-11-27T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));

    TestHttpRequest.Response response = (TestHttpRequest.Response) handlers.compareShadow(request, new TestContext("compareShadow"));

    // the bean ran: it refuses a model without a gate policy, as the API does, with a 404 problem
    assertThat(response.getStatusCode()).as(response.bodyText()).isEqualTo(404);
    assertThat(JsonMapper.builder().build().readTree(response.bodyText()).path("detail").asText())
        .startsWith("model 'churn' has no gate policy");
  }

  private List<String> tripIds() throws IOException {
    Table table = runtime.icegate().tables().dataset("trips").orElseThrow();
    table.refresh();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      List<String> ids = new java.util.ArrayList<>();
      rows.forEach(r -> ids.add((String) r.getField("trip_id")));
      return ids;
    }
  }
}
