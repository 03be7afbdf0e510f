package io.icegate.infra.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icegate.IcegateFunctions;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.auth.ApiTokens;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.observe.Instrumented;
import io.icegate.observe.Telemetry;
import io.icegate.store.ObjectKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Logs and metrics of real function calls: every log line is one JSON object carrying the
 * correlation id of its upload or request and no secret; counters follow what the functions did,
 * in Micrometer and as CloudWatch Embedded Metric Format.
 */
class ObservabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Captures log lines through the JSON layout. */
  static final class Captured extends AppenderBase<ILoggingEvent> {
    final JsonLogLayout layout = new JsonLogLayout();
    final List<String> lines = new ArrayList<>();

    @Override
    protected synchronized void append(ILoggingEvent e) {
      lines.add(layout.doLayout(e));
    }
  }

  @Test
  void functionCallsLogJsonWithCorrelationIdsAndNoSecretsAndCountWhatTheyDid() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Captured captured = new Captured();
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger icegate = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.icegate");
    Level before = icegate.getLevel();
    captured.start();
    root.addAppender(captured);
    icegate.setLevel(Level.INFO);
    String token = ApiTokens.generate();
    try (LocalIcegate local = LocalIcegate.open(new IcegateHome(dir));
        GenericApplicationContext ctx = new GenericApplicationContext()) {
      local.initialize(ctx);
      ctx.registerBean(Telemetry.class, () -> new MicrometerTelemetry(registry));
      new IcegateFunctions().initialize(ctx);
      ctx.refresh();
      local.store().put(ObjectKey.of("config/contracts/trips.yaml"), """
          apiVersion: v3.1.0
          kind: DataContract
          id: urn:test:trips
          version: 1.0.0
          status: active
          schema:
            - name: trips
              properties:
                - {name: id, logicalType: integer, required: true}
                - {name: fare, logicalType: number, logicalTypeOptions: {minimum: 0}}
          """.getBytes(StandardCharsets.UTF_8));
      local.store().put(ObjectKey.of("landing/trips/good.csv"), "id,fare\n1,2.5\n2,3.5\n".getBytes(StandardCharsets.UTF_8));
      local.store().put(ObjectKey.of("landing/trips/bad.csv"), "id,fare\n1,-2.5\n".getBytes(StandardCharsets.UTF_8));
      Function<ObjectCreated, IngestReport> ingest = function(ctx, IcegateFunctions.INGEST);
      IngestReport good = ingest.apply(ObjectCreated.of("landing/trips/good.csv"));
      IngestReport bad = ingest.apply(ObjectCreated.of("landing/trips/bad.csv"));
      Function<ProfileRequest, ProfileResult> profile = function(ctx, IcegateFunctions.PROFILE_BATCHES);
      profile.apply(ProfileRequest.after(good));
      Function<HttpRequest, HttpResponse> api = function(ctx, IcegateFunctions.API);
      HttpResponse refused = api.apply(HttpRequest.builder("GET", "/v1/models")
          .header("Authorization", "Bearer " + token).build());

      assertThat(refused.status()).isEqualTo(401);
      assertThat(registry.counter(Instrumented.UPLOADS, "status", "committed").count()).isEqualTo(1);
      assertThat(registry.counter(Instrumented.UPLOADS, "status", "quarantined").count()).isEqualTo(1);
      assertThat(registry.counter(Instrumented.ROWS, "outcome", "accepted").count()).isEqualTo(2);
      assertThat(registry.counter(Instrumented.ROWS, "outcome", "rejected").count()).isEqualTo(1);
      assertThat(registry.timer(Instrumented.INGEST_TIME, "status", "committed").count()).isEqualTo(1);
      assertThat(registry.counter(Instrumented.REQUESTS, "status", "4xx").count()).isEqualTo(1);
      assertThat(registry.counter(Instrumented.PROFILED, "outcome", "profiled").count()).isEqualTo(1);
      assertThat(registry.counter(Instrumented.PROFILED, "outcome", "failed").count()).isZero();

      List<JsonNode> lines = new ArrayList<>();
      for (String line : captured.lines) {
        assertThat(line).endsWith("}\n").doesNotContain(token).doesNotContain(token.substring(4));
        lines.add(JSON.readTree(line));
      }
      // one line per upload with its batch id and key; the API's access line carries its request id
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("batch_id").asText()).isEqualTo(bad.batchId());
        assertThat(l.path("object_key").asText()).isEqualTo("landing/trips/bad.csv");
        assertThat(l.path("message").asText()).startsWith("ingest quarantined landing/trips/bad.csv: 1 rows in");
      });
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("batch_id").asText()).isEqualTo(good.batchId());
        assertThat(l.path("level").asText()).isEqualTo("INFO");
      });
      // the follow-up's line carries the batch id too
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("batch_id").asText()).isEqualTo(good.batchId());
        assertThat(l.path("message").asText()).startsWith("profiled batch " + good.batchId() + " of trips: 2 rows");
      });
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("request_id").asText()).isEqualTo(refused.headers().first("X-Request-Id").orElseThrow());
        assertThat(l.path("message").asText()).contains("-> 401");
      });
    } finally {
      root.detachAppender(captured);
      icegate.setLevel(before);
    }
  }

  @Test
  void secretsAreMaskedWhateverLoggedThem() {
    String token = ApiTokens.generate();
    String line = JsonLogLayout.scrub("auth Bearer abcdefghijklmnop, token " + token
        + ", jdbc:postgresql://db/icegate?user=ice&password=hunter22xyz, https://svc:s3cr3tpass@example.com/x,"
        + " DefaultEndpointsProtocol=https;AccountName=dev;AccountKey=Eby8vdM02xNOcqFl==;");
    assertThat(line).doesNotContain("abcdefghijklmnop", token, "hunter22xyz", "s3cr3tpass", "Eby8vdM02xNOcqFl")
        .contains("Bearer [redacted]", "password=[redacted]", "AccountName=dev", "AccountKey=[redacted]");
  }

  @Test
  void embeddedMetricFormatLinesAreWhatCloudWatchParses() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    EmfTelemetry emf = new EmfTelemetry(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, "icegate-ingest");
    emf.count(Instrumented.UPLOADS, 1, "status", "committed");
    emf.time(Instrumented.INGEST_TIME, java.time.Duration.ofMillis(1234), "status", "committed");

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    JsonNode count = JSON.readTree(lines[0]);
    JsonNode directive = count.get("_aws").get("CloudWatchMetrics").get(0);
    assertThat(count.get("_aws").get("Timestamp").asLong()).isEqualTo(clock.millis());
    assertThat(directive.get("Namespace").asText()).isEqualTo("icegate");
    assertThat(directive.get("Dimensions").get(0)).extracting(JsonNode::asText).containsExactly("function", "status");
    assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo(Instrumented.UPLOADS);
    assertThat(directive.get("Metrics").get(0).get("Unit").asText()).isEqualTo("Count");
    // every dimension and metric named in the directive is a member of the root object
    assertThat(count.get("function").asText()).isEqualTo("icegate-ingest");
    assertThat(count.get("status").asText()).isEqualTo("committed");
    assertThat(count.get(Instrumented.UPLOADS).asLong()).isEqualTo(1);
    JsonNode time = JSON.readTree(lines[1]);
    assertThat(time.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Unit").asText())
        .isEqualTo("Milliseconds");
    assertThat(time.get(Instrumented.INGEST_TIME).asDouble()).isEqualTo(1234.0);
  }

  @SuppressWarnings("unchecked")
  private static <I, O> Function<I, O> function(GenericApplicationContext ctx, String name) {
    return (Function<I, O>) ctx.getBean(name, FunctionRegistration.class).getTarget();
  }
}
