package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.api.ApiFunction;
import io.icegate.api.ApiLimits;
import io.icegate.api.ApiRoutes;
import io.icegate.api.HttpResponse;
import io.icegate.api.LogCapture;
import io.icegate.api.TestRoutes;
import io.icegate.auth.Authenticator;
import io.icegate.auth.ObjectStoreTokenStore;
import io.icegate.auth.Scope;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.store.LocalObjectStore;
import io.icegate.ingest.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The api function over real HTTP on loopback, with a token the CLI created. */
class LocalHttpServerTest {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private LocalHttpServer server;
  private String readToken;
  private String gateToken;
  private LogCapture log;

  @BeforeEach
  void start() throws IOException {
    log = new LogCapture();
    Cli cli = new Cli(dir.resolve("home"));
    readToken = cli.run("tokens", "add", "--principal", "reader", "--scopes", "read").out().strip();
    gateToken = cli.run("tokens", "add", "--principal", "ci", "--scopes", "read,gate").out().strip();
    assertThat(readToken).startsWith("igt_");
    IcegateHome home = new IcegateHome(dir.resolve("home"));
    ObjectStoreTokenStore tokens = new ObjectStoreTokenStore(new LocalObjectStore(home.objects()));
    ApiFunction api = new ApiFunction(TestRoutes.all(), new Authenticator(tokens, Clock.systemUTC()), new ApiLimits(4096));
    server = LocalHttpServer.start(api, new LocalHttpServer.Config(0, 4, 8, new ApiLimits(4096)));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    String logged = log.text();
    log.close();
    for (String token : List.of(readToken, gateToken)) {
      assertThat(logged).doesNotContain(token.substring(4));
    }
  }

  private java.net.http.HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    java.net.http.HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    for (String token : List.of(readToken, gateToken)) {
      assertThat(r.body()).doesNotContain(token.substring(4));
    }
    return r;
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(server.uri().resolve(path)).GET();
  }

  @Test
  void bindsLoopbackOnly() {
    assertThat(server.address().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(server.uri().toString()).startsWith("http://127.0.0.1:");
  }

  @Test
  void aCliTokenWorksOverHttp() throws Exception {
    var ok = send(get("/v1/openapi.json").header("Authorization", "Bearer " + readToken).header("X-Request-Id", "req-1"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(ok.headers().firstValue("X-Request-Id")).contains("req-1");
    JsonNode doc = Json.MAPPER.readTree(ok.body());
    assertThat(doc.get("openapi").asText()).startsWith("3.1");

    var models = send(get("/v1/models/churn/versions/3").header("Authorization", "Bearer " + readToken));
    assertThat(models.statusCode()).isEqualTo(200);
    JsonNode echo = Json.MAPPER.readTree(models.body());
    assertThat(echo.get("actor").asText()).isEqualTo("reader");
    assertThat(echo.get("path").get("version").asText()).isEqualTo("3");

    var gate = send(HttpRequest.newBuilder(server.uri().resolve("/v1/models/churn/versions/3/gate"))
        .header("Authorization", "Bearer " + gateToken).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"dataset\": \"trips\", \"snapshotTag\": \"t\", \"predictions\": \"p.csv\"}")));
    assertThat(gate.statusCode()).as(gate.body()).isEqualTo(200);
  }

  @Test
  void refusalsAreProblemsOverHttp() throws Exception {
    var none = send(get("/v1/models"));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"icegate\"");
    assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(none.headers().firstValue("X-Request-Id")).isPresent();

    var wrong = send(get("/v1/models").header("Authorization", "Bearer igt_" + "A".repeat(43)));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(none.body().replace(Json.MAPPER.readTree(none.body()).get("requestId").asText(),
        Json.MAPPER.readTree(wrong.body()).get("requestId").asText()));

    var underScoped = send(HttpRequest.newBuilder(server.uri().resolve("/v1/models/churn/versions/3/gate"))
        .header("Authorization", "Bearer " + readToken).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{}")));
    assertThat(underScoped.statusCode()).isEqualTo(403);
    assertThat(Json.MAPPER.readTree(underScoped.body()).get("requiredScope").asText()).isEqualTo("gate");

    var method = send(HttpRequest.newBuilder(server.uri().resolve("/v1/models")).DELETE()
        .header("Authorization", "Bearer " + readToken));
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(method.headers().firstValue("Allow")).contains("GET");

    // an escape that is not UTF-8, sent as is over a plain socket
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.getOutputStream().write(("GET /v1/models/churn/gate-decisions?version=%FF HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + readToken + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(raw).startsWith("HTTP/1.1 400").contains("percent escapes that are not UTF-8").contains("application/problem+json")
          .doesNotContain(readToken.substring(4));
    }
  }

  @Test
  void bodiesOverTheLimitAre413WithoutBeingRead() throws Exception {
    var big = send(HttpRequest.newBuilder(server.uri().resolve("/v1/models/churn/versions/3/gate"))
        .header("Authorization", "Bearer " + gateToken).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"x\": \"" + "y".repeat(5000) + "\"}")));
    assertThat(big.statusCode()).isEqualTo(413);
    JsonNode p = Json.MAPPER.readTree(big.body());
    assertThat(p.get("detail").asText()).isEqualTo("the request body is 5009 bytes; the limit is 4096 bytes (4 KiB)");
    assertThat(big.headers().firstValue("X-Request-Id")).isPresent();

    // no Content-Length (chunked): the limit is enforced while reading
    var chunked = send(HttpRequest.newBuilder(server.uri().resolve("/v1/models/churn/versions/3/gate"))
        .header("Authorization", "Bearer " + gateToken).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000]))));
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(Json.MAPPER.readTree(chunked.body()).get("detail").asText())
        .isEqualTo("the request body is larger than the limit of 4096 bytes (4 KiB)");

    // the server still answers afterwards
    assertThat(send(get("/v1/models").header("Authorization", "Bearer " + readToken)).statusCode()).isEqualTo(200);
  }

  @Test
  void answersConcurrentRequests() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        calls.add(() -> send(get("/v1/models").header("Authorization", "Bearer " + readToken)).statusCode());
      }
      for (Future<Integer> f : pool.invokeAll(calls)) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void requestIdsAreTakenOnlyWhenPlain() {
    assertThat(LocalHttpServer.requestId("abc-1.2:3")).isEqualTo("abc-1.2:3");
    assertThat(LocalHttpServer.requestId("bad id\r\nx")).matches("[0-9a-f-]{36}");
    assertThat(LocalHttpServer.requestId(null)).matches("[0-9a-f-]{36}");
  }

  @Test
  void anEmptyRouteTableStillServesTheDocument() throws Exception {
    server.close();
    ObjectStoreTokenStore tokens = new ObjectStoreTokenStore(new LocalObjectStore(dir.resolve("home/objects")));
    ApiFunction api = new ApiFunction(ApiRoutes.builder().build(), new Authenticator(tokens, Clock.systemUTC()),
        ApiLimits.DEFAULTS);
    server = LocalHttpServer.start(api, LocalHttpServer.Config.DEFAULTS.withPort(0));
    var r = send(get("/v1/openapi.json").header("Authorization", "Bearer " + readToken));
    assertThat(r.statusCode()).isEqualTo(200);
    HttpResponse direct = api.apply(io.icegate.api.HttpRequest.builder("GET", "/v1/openapi.json")
        .header("Authorization", "Bearer " + readToken).build());
    assertThat(direct.bodyText()).isEqualTo(r.body());
    assertThat(Scope.READ.id()).isEqualTo("read");
  }
}
