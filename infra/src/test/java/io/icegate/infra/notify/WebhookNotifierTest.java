package io.icegate.infra.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.infra.notify.WebhookReceiver.Received;
import io.icegate.infra.notify.WebhookReceiver.Reply;
import io.icegate.ingest.Json;
import io.icegate.notify.Delivery;
import io.icegate.notify.Delivery.Attempt;
import io.icegate.notify.Delivery.Outcome;
import io.icegate.notify.Endpoint;
import io.icegate.notify.Envelope;
import io.icegate.notify.JsonWebhook;
import io.icegate.notify.RetrainWebhook;
import io.icegate.notify.SecretRef;
import io.icegate.notify.SlackWebhook;
import io.icegate.notify.WebhookSignature;
import io.icegate.notify.WebhookSignature.Verdict;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook notifier against a real HTTP server on 127.0.0.1, with a fake clock for the pauses. */
class WebhookNotifierTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final byte[] KEY = Samples.SECRET.getBytes(StandardCharsets.UTF_8);

  private final WebhookReceiver receiver;
  private final FakeTime time = new FakeTime(T0);
  private final WebhookNotifier notifier;
  private final Envelope envelope = new Envelope("n-1", T0, List.of("ana@example.com", "#ml-oncall"));

  WebhookNotifierTest() throws IOException {
    receiver = new WebhookReceiver();
    LocalSecrets secrets = new LocalSecrets(
        Map.of("ALERT_SECRET", Samples.SECRET, "SLACK_URL", receiver.url(Samples.SLACK_PATH)), Path.of("/nonexistent"));
    notifier = new WebhookNotifier(WebhookNotifier.client(Samples.FAST), secrets, Samples.FAST, time, time, () -> 0.5);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private JsonWebhook webhook(SecretRef secret) {
    return new JsonWebhook("oncall", Endpoint.of(receiver.url("/hooks/icegate")), secret);
  }

  private RetrainWebhook retrainHook() {
    return new RetrainWebhook(Endpoint.of(receiver.url("/ci/retrain")), SecretRef.env("ALERT_SECRET"));
  }

  @Test
  void postsTheAlertAsAFlatJsonDocument() throws IOException {
    Delivery d = notifier.alert(envelope, Samples.alert("production/dataset-drift"), webhook(null));

    assertThat(d.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(d.summary()).isEqualTo("delivered on attempt 1");
    Received r = receiver.received().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hooks/icegate");
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.header("X-Icegate-Event")).isEqualTo("alert");
    assertThat(r.header("X-Icegate-Delivery")).isEqualTo(d.deliveryId());
    assertThat(r.header(WebhookSignature.SIGNATURE_HEADER)).as("unsigned without a secret").isNull();
    assertThat(Json.MAPPER.readTree(r.body())).isEqualTo(Json.MAPPER.readTree("""
        {"type": "icegate.alert", "schemaVersion": 1, "id": "n-1", "firedAt": "2026-03-01T10:00:00Z",
         "model": "churn", "monitor": "production-daily", "severity": "warning",
         "title": "dataset drift in 2 consecutive scans",
         "summary": ["age and tenure drifted against the training snapshot", "prediction PSI 0.23 >= 0.2 <budget>"],
         "facts": {"drifted columns": "2 of 4 (50%)", "prediction PSI": "0.23", "age: Wasserstein (normed)": "0.31 > 0.1"},
         "reportUrl": "https://icegate.example.com/reports/churn/2026-03-01.html",
         "dedupeKey": "production/dataset-drift", "owners": ["ana@example.com", "#ml-oncall"]}
        """));
    // the facts keep the scan's order
    assertThat(r.text()).containsSubsequence("drifted columns", "prediction PSI", "age: Wasserstein");
    assertThat(d.payload()).isEqualTo(r.text());
    assertThat(d.endpoint()).isEqualTo(Endpoint.origin(java.net.URI.create(receiver.url("/"))));
  }

  @Test
  void postsASlackMessageWithTextAndBlocks() throws IOException {
    SlackWebhook slack = new SlackWebhook("team-slack", Endpoint.from(SecretRef.env("SLACK_URL")));
    Delivery d = notifier.alert(envelope, Samples.alert("production/dataset-drift"), slack);

    assertThat(d.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(d.endpoint()).as("a URL from a secret is recorded by its reference").isEqualTo("env:SLACK_URL");
    Received r = receiver.received().get(0);
    assertThat(r.path()).isEqualTo(Samples.SLACK_PATH);
    JsonNode m = Json.MAPPER.readTree(r.body());
    assertThat(m.get("text").asText()).isEqualTo("[WARNING] churn: dataset drift in 2 consecutive scans");
    JsonNode blocks = m.get("blocks");
    assertThat(blocks).extracting(b -> b.get("type").asText())
        .containsExactly("header", "section", "section", "section", "context");
    assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(0).at("/text/text").asText()).isEqualTo(":warning: churn: dataset drift in 2 consecutive scans");
    assertThat(blocks.get(1).at("/text/type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(1).at("/text/text").asText()).isEqualTo(
        "• age and tenure drifted against the training snapshot\n• prediction PSI 0.23 &gt;= 0.2 &lt;budget&gt;");
    assertThat(blocks.get(2).get("fields")).extracting(f -> f.get("text").asText()).containsExactly(
        "*drifted columns*\n2 of 4 (50%)", "*prediction PSI*\n0.23", "*age: Wasserstein (normed)*\n0.31 &gt; 0.1");
    assertThat(blocks.get(3).at("/text/text").asText())
        .isEqualTo("<https://icegate.example.com/reports/churn/2026-03-01.html|Open the report>");
    assertThat(blocks.get(4).at("/elements/0/text").asText()).isEqualTo(
        "model *churn* · monitor *production-daily* · severity *warning* · owners: ana@example.com, #ml-oncall"
            + " · icegate 2026-03-01T10:00:00Z");
  }

  @Test
  void slackMessagesStayWithinSlackLimits() throws IOException {
    Map<String, String> many = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 25; i++) {
      many.put("column_" + i, "x".repeat(2500));
    }
    var a = Samples.alert("k");
    var big = new io.icegate.notify.Alert(a.model(), a.monitor(), a.severity(), "t".repeat(400), a.summary(),
        "reports/churn/2026-03-01.html", many, "k");
    notifier.alert(envelope, big, new SlackWebhook("s", Endpoint.of(receiver.url("/s"))));

    JsonNode blocks = Json.MAPPER.readTree(receiver.received().get(0).body()).get("blocks");
    assertThat(blocks.get(0).at("/text/text").asText()).hasSize(150);
    List<JsonNode> factSections = java.util.stream.StreamSupport.stream(blocks.spliterator(), false)
        .filter(b -> b.has("fields")).toList();
    assertThat(factSections).extracting(b -> b.get("fields").size()).containsExactly(10, 10, 5);
    assertThat(factSections.get(0).at("/fields/0/text").asText()).hasSize(2000);
    assertThat(blocks.get(blocks.size() - 2).at("/text/text").asText())
        .as("an object key is not a link").isEqualTo("Report: `reports/churn/2026-03-01.html`");
  }

  @Test
  void signsTheRetrainTriggerSoTheReceiverCanVerifyIt() throws IOException {
    Delivery d = notifier.retrain(envelope, Samples.trigger(), retrainHook());

    assertThat(d.outcome()).isEqualTo(Outcome.DELIVERED);
    Received r = receiver.received().get(0);
    assertThat(r.header("X-Icegate-Event")).isEqualTo("retrain");
    assertThat(r.header(WebhookSignature.TIMESTAMP_HEADER)).isEqualTo(String.valueOf(T0.getEpochSecond()));
    assertThat(r.header(WebhookSignature.SIGNATURE_HEADER)).matches("sha256=[0-9a-f]{64}");
    // the receiver's side: the shared secret, the raw body, its own clock
    String ts = r.header(WebhookSignature.TIMESTAMP_HEADER);
    String sig = r.header(WebhookSignature.SIGNATURE_HEADER);
    assertThat(WebhookSignature.verify(KEY, ts, sig, r.body(), T0.plusSeconds(2), WebhookSignature.DEFAULT_TOLERANCE))
        .isEqualTo(Verdict.VALID);
    byte[] tampered = r.text().replace("\"version\":3", "\"version\":2").getBytes(StandardCharsets.UTF_8);
    assertThat(tampered).isNotEqualTo(r.body());
    assertThat(WebhookSignature.verify(KEY, ts, sig, tampered, T0, WebhookSignature.DEFAULT_TOLERANCE))
        .isEqualTo(Verdict.MISMATCH);
    assertThat(WebhookSignature.verify(KEY, ts, sig, r.body(), T0.plus(Duration.ofMinutes(6)),
        WebhookSignature.DEFAULT_TOLERANCE)).as("a replay six minutes later").isEqualTo(Verdict.STALE);

    assertThat(Json.MAPPER.readTree(r.body())).isEqualTo(Json.MAPPER.readTree("""
        {"type": "icegate.retrain", "schemaVersion": 1, "id": "n-1", "firedAt": "2026-03-01T10:00:00Z",
         "model": "churn", "alias": "production", "version": 3, "monitor": "production-daily",
         "reason": "prediction PSI 0.23 >= 0.2",
         "drift": {"datasetDrift": true, "driftedColumns": ["age", "tenure"], "predictionPsi": 0.23},
         "reportUrl": "https://icegate.example.com/reports/churn/2026-03-01.html",
         "dedupeKey": "retrain/production/v3"}
        """));
  }

  @Test
  void retriesServerErrorsWithGrowingJitteredPausesThenDelivers() {
    receiver.replies(Reply.status(500), Reply.status(502), Reply.status(503), Reply.status(200));
    Delivery d = notifier.retrain(envelope, Samples.trigger(), retrainHook());

    assertThat(d.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(d.attempts()).extracting(Attempt::status).containsExactly(500, 502, 503, 200);
    assertThat(d.attempts()).extracting(Attempt::waitReason).containsExactly("backoff", "backoff", "backoff", null);
    // equal jitter at random 0.5: three quarters of 1 s, 2 s, 4 s
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000));
    List<Received> got = receiver.received();
    assertThat(got).extracting(r -> r.header("X-Icegate-Attempt")).containsExactly("1", "2", "3", "4");
    assertThat(got).extracting(r -> r.header("X-Icegate-Delivery")).containsOnly(d.deliveryId());
    // each attempt is signed at its own time, so a retry after a long pause is not stale
    for (Received r : got) {
      Instant signedAt = Instant.ofEpochSecond(Long.parseLong(r.header(WebhookSignature.TIMESTAMP_HEADER)));
      assertThat(WebhookSignature.verify(KEY, r.header(WebhookSignature.TIMESTAMP_HEADER),
          r.header(WebhookSignature.SIGNATURE_HEADER), r.body(), signedAt, Duration.ZERO)).isEqualTo(Verdict.VALID);
    }
    assertThat(got.get(3).header(WebhookSignature.TIMESTAMP_HEADER))
        .isEqualTo(String.valueOf(T0.plusMillis(750 + 1500 + 3000).getEpochSecond()));
  }

  @Test
  void doesNotRetryClientErrorsOrFollowRedirects() {
    receiver.replies(Reply.status(400).withBody("{\"error\":\"invalid_payload\"}"));
    Delivery d = notifier.alert(envelope, Samples.alert("k"), webhook(null));
    assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(d.attempts()).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.error()).isEqualTo("HTTP 400: {\"error\":\"invalid_payload\"}");
      assertThat(a.waitMillis()).isNull();
    });
    assertThat(d.summary()).isEqualTo("failed after 1 attempt (400): HTTP 400 is not retried: the receiver refused the request");

    receiver.replies(Reply.status(301).withHeader("Location", "https://elsewhere.example.com/"));
    Delivery moved = notifier.alert(envelope, Samples.alert("k"), webhook(null));
    assertThat(moved.attempts()).hasSize(1);
    assertThat(moved.error()).startsWith("HTTP 301 is a redirect, which is not followed");
    assertThat(receiver.received()).hasSize(2);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void honoursRetryAfterOn429() {
    receiver.replies(Reply.status(429).withHeader("Retry-After", "7"),
        Reply.status(429).withHeader("Retry-After",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(7 + 20).atOffset(ZoneOffset.UTC))),
        Reply.status(204));
    Delivery d = notifier.alert(envelope, Samples.alert("k"), webhook(null));

    assertThat(d.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(20));
    assertThat(d.attempts()).extracting(Attempt::waitReason).containsExactly("retry-after", "retry-after", null);
    assertThat(d.attempts()).extracting(Attempt::status).containsExactly(429, 429, 204);
  }

  @Test
  void givesUpWhenRetryAfterPassesTheBudget() {
    receiver.replies(Reply.status(429).withHeader("Retry-After", "3600"));
    Delivery d = notifier.alert(envelope, Samples.alert("k"), webhook(null));

    assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(d.attempts()).hasSize(1);
    assertThat(d.error()).isEqualTo("Retry-After of 3600 s would pass the delivery budget of 120 s");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void retriesATimeout() {
    receiver.replies(Reply.status(200).after(Duration.ofMillis(2500)), Reply.status(200));
    Delivery d = notifier.alert(envelope, Samples.alert("k"), webhook(null));

    assertThat(d.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(d.attempts()).hasSize(2);
    assertThat(d.attempts().get(0).status()).isNull();
    assertThat(d.attempts().get(0).error()).isEqualTo("no response within 800 ms");
    assertThat(d.attempts().get(0).millis()).isBetween(700L, 2400L);
  }

  @Test
  void failsAfterTheLastAttemptWhenNobodyListens() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    JsonWebhook nobody = new JsonWebhook("oncall", Endpoint.of("http://127.0.0.1:" + closed + "/hook"), null);
    Delivery d = notifier.alert(envelope, Samples.alert("k"), nobody);

    assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(d.attempts()).hasSize(5);
    assertThat(d.attempts()).extracting(Attempt::status).containsOnlyNulls();
    assertThat(d.attempts()).allSatisfy(a -> assertThat(a.error()).startsWith("connection failed"));
    assertThat(d.error()).isEqualTo("no attempt succeeded");
    assertThat(d.summary()).startsWith("failed after 5 attempts (no response, no response, no response, no response, no response)");
    assertThat(time.sleeps()).hasSize(4);
  }

  @Test
  void stopsWhenTheNextPauseWouldPassTheBudget() {
    receiver.replies(Reply.status(503));
    RetryPolicy tight = new RetryPolicy(10, Duration.ofSeconds(4), Duration.ofSeconds(30), Duration.ofSeconds(20),
        Duration.ofSeconds(2), Duration.ofSeconds(1));
    WebhookNotifier n = new WebhookNotifier(WebhookNotifier.client(tight),
        new LocalSecrets(Map.of(), Path.of("/nonexistent")), tight, time, time, () -> 0.5);
    Delivery d = n.alert(envelope, Samples.alert("k"), webhook(null));

    // pauses 3 s, 6 s then 12 s would end at 21 s > 20 s
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(6));
    assertThat(d.attempts()).hasSize(3);
    assertThat(d.error()).isEqualTo("the next pause would pass the delivery budget of 20 s");
  }

  @Test
  void aMissingSecretFailsBeforeSendingAndSaysWhich() {
    Delivery d = notifier.alert(envelope, Samples.alert("k"), webhook(SecretRef.env("NOT_SET_ANYWHERE")));

    assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(d.attempts()).isEmpty();
    assertThat(d.error()).isEqualTo("secret env:NOT_SET_ANYWHERE is not set");
    assertThat(d.summary()).isEqualTo("failed after 0 attempts: secret env:NOT_SET_ANYWHERE is not set");
    assertThat(receiver.received()).isEmpty();
  }
}
