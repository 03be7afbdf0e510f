package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.ingest.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What on-call people get from {@code icegate serve}: an authenticated health check, Prometheus
 * metrics that follow the uploads, JSON log lines with correlation ids, and a stop on SIGTERM that
 * lets the ingest in flight finish.
 */
class OperationsTest {
  private static final int ROWS = 400_000;

  @TempDir Path dir;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void healthAndMetricsAreServedToTokensWithScopeRead() throws Exception {
    Path home = dir.resolve("home");
    Cli cli = new Cli(home);
    assertThat(cli.run("contracts", "put", Fixtures.contract(dir).toString()).exit()).isZero();
    String reader = cli.run("tokens", "add", "--principal", "prometheus", "--scopes", "read").out().strip();
    String feeder = cli.run("tokens", "add", "--principal", "labeller", "--scopes", "feedback").out().strip();
    try (LocalRuntime runtime = LocalRuntime.start(new io.icegate.infra.config.IcegateHome(home));
        LocalHttpServer http = LocalHttpServer.start(runtime.http(), LocalHttpServer.Config.DEFAULTS.withPort(0))) {
      Fixtures.csv(home.resolve("objects/landing/trips"), "good.csv", DemoData.GOOD, "M1");
      Fixtures.csv(home.resolve("objects/landing/trips"), "bad.csv", DemoData.BAD, "M2");
      runtime.ingest().apply(io.icegate.ingest.ObjectCreated.of("landing/trips/good.csv"));
      runtime.ingest().apply(io.icegate.ingest.ObjectCreated.of("landing/trips/bad.csv"));

      HttpResponse<String> health = get(http.uri() + "/v1/health", reader);
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode h = Json.MAPPER.readTree(health.body());
      assertThat(h.get("status").asText()).isEqualTo("up");
      assertThat(h.get("checks")).extracting(c -> c.get("name").asText() + "=" + c.get("status").asText())
          .containsExactly("catalog=up", "store=up", "engine=up");

      HttpResponse<String> metrics = get(http.uri() + "/metrics", reader);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body()).contains("icegate_ingest_uploads_total{status=\"committed\"} 1.0",
          "icegate_ingest_uploads_total{status=\"quarantined\"} 1.0", "icegate_ingest_duration_seconds_count",
          "icegate_api_requests_total{status=\"2xx\"} 1.0");

      assertThat(get(http.uri() + "/metrics", null).statusCode()).isEqualTo(401);
      assertThat(get(http.uri() + "/metrics", feeder).statusCode()).isEqualTo(403);
      assertThat(get(http.uri() + "/v1/health", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void sigtermLetsTheIngestInFlightFinishAndLogsAreJsonWithCorrelationIds() throws Exception {
    Path home = dir.resolve("home");
    Cli cli = new Cli(home);
    assertThat(cli.run("contracts", "put", Fixtures.contract(dir).toString()).exit()).isZero();
    Path big = bigUpload(home.resolve("objects/landing/trips/big.csv"));

    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), IcegateCli.class.getName(), "--home", home.toString(),
        "serve", "--no-http", "--no-scans", "--interval", "100ms", "--json");
    pb.environment().put("ICEGATE_LOG_FORMAT", "json");
    pb.environment().put("ICEGATE_LOG_LEVEL", "INFO");
    pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    Process serve = pb.start();
    try {
      // the ingest is in flight once its staging folder exists
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!staging(home) && serve.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(staging(home)).as("ingest started; stderr:%n%s", read(dir.resolve("err.txt"))).isTrue();
      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(180, TimeUnit.SECONDS)).isTrue();
    } finally {
      serve.destroyForcibly();
    }
    String out = read(dir.resolve("out.txt"));
    String err = read(dir.resolve("err.txt"));
    assertThat(serve.exitValue()).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
    JsonNode report = Json.MAPPER.readTree(out.strip().split("\n")[0]);
    assertThat(report.get("status").asText()).isEqualTo("committed");
    assertThat(report.get("rowsAccepted").asLong()).isEqualTo(ROWS);
    assertThat(big).doesNotExist();
    assertThat(tableRows(home)).isEqualTo(ROWS);

    List<JsonNode> logs = new ArrayList<>();
    for (String line : err.split("\n")) {
      if (line.startsWith("{")) {
        logs.add(Json.MAPPER.readTree(line));
      }
    }
    assertThat(logs).anySatisfy(l -> {
      assertThat(l.get("batch_id").asText()).isEqualTo(report.get("batchId").asText());
      assertThat(l.get("object_key").asText()).isEqualTo("landing/trips/big.csv");
      assertThat(l.get("message").asText()).startsWith("ingest committed landing/trips/big.csv");
    });
  }

  private static Path bigUpload(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder b = new StringBuilder(ROWS * 80).append(
        "trip_id,pickup_ts,dropoff_ts,passenger_count,trip_distance,fare_amount,payment_type\n");
    for (int i = 0; i < ROWS; i++) {
      b.append("T-").append(i).append(",2026-11-26T06:19:29Z,2026-11-26T06:28:19Z,").append(i % 5).append(',')
          .append(i % 97 / 10.0).append(',').append(5 + i % 300 / 10.0).append(",card\n");
    }
    return Files.writeString(file, b, StandardCharsets.UTF_8);
  }

  private static boolean staging(Path home) throws IOException {
    Path tmp = home.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return false;
    }
    try (Stream<Path> s = Files.list(tmp)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("batch-"));
    }
  }

  private static long tableRows(Path home) throws IOException {
    try (var local = io.icegate.infra.config.LocalIcegate.open(new io.icegate.infra.config.IcegateHome(home));
        CloseableIterable<Record> rows = IcebergGenerics.read(local.tables().dataset("trips").orElseThrow()).build()) {
      long n = 0;
      for (Record ignored : rows) {
        n++;
      }
      return n;
    }
  }

  private HttpResponse<String> get(String uri, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
