package io.icegate.infra.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.infra.notify.WebhookReceiver.Received;
import io.icegate.infra.notify.WebhookReceiver.Reply;
import io.icegate.notify.Alert;
import io.icegate.notify.AlertDecision;
import io.icegate.notify.AlertDecision.Verdict;
import io.icegate.notify.AlertGate;
import io.icegate.notify.AlertLog;
import io.icegate.notify.AlertPolicy;
import io.icegate.notify.Delivery;
import io.icegate.notify.Delivery.Attempt;
import io.icegate.notify.Delivery.Outcome;
import io.icegate.notify.DeliveryLog;
import io.icegate.notify.Dispatch;
import io.icegate.notify.Endpoint;
import io.icegate.notify.JsonWebhook;
import io.icegate.notify.Notification;
import io.icegate.notify.Notifications;
import io.icegate.notify.RetrainPolicy;
import io.icegate.notify.RetrainTrigger;
import io.icegate.notify.RetrainWebhook;
import io.icegate.notify.SecretRef;
import io.icegate.notify.SlackWebhook;
import io.icegate.notify.WebhookSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate, delivery and records together: real Iceberg tables in an embedded home, a real HTTP
 * receiver on 127.0.0.1, a fake clock so cooldowns and pauses take no time.
 */
class NotificationsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String TOKEN = "xoxTOKEN9f8e7d";

  private final WebhookReceiver receiver = new WebhookReceiver();
  private final FakeTime time = new FakeTime(T0);
  private final LocalIcegate icegate;
  private final Notifications notifications;
  private final AlertLog alertLog;
  private final DeliveryLog deliveries;
  private final AlertPolicy alerts;
  private final RetrainPolicy retrain;

  NotificationsTest(@TempDir Path dir) throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(dir));
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/retrain.key"), Samples.SECRET + "\n");
    LocalSecrets secrets = new LocalSecrets(
        Map.of("ALERT_SECRET", Samples.SECRET, "SLACK_URL", receiver.url(Samples.SLACK_PATH)), dir);
    WebhookNotifier notifier = new WebhookNotifier(WebhookNotifier.client(Samples.FAST), secrets, Samples.FAST,
        time, time, () -> 0.5);
    alertLog = new AlertLog(icegate.tables());
    deliveries = new DeliveryLog(icegate.tables());
    notifications = new Notifications(notifier, new AlertGate(alertLog, time), deliveries);
    alerts = new AlertPolicy(List.of("ana@example.com"), List.of(
        new JsonWebhook("oncall", Endpoint.of(receiver.url("/hooks/icegate")), SecretRef.env("ALERT_SECRET")),
        new SlackWebhook("team-slack", Endpoint.from(SecretRef.env("SLACK_URL")))), AlertPolicy.DEFAULT_COOLDOWN);
    retrain = new RetrainPolicy(new RetrainWebhook(Endpoint.of(receiver.url("/ci/retrain")),
        SecretRef.file("secrets/retrain.key")), RetrainPolicy.DEFAULT_COOLDOWN);
  }

  @AfterEach
  void close() throws IOException {
    receiver.close();
    icegate.close();
  }

  @Test
  void aStandingDriftPagesOncePerCooldown() {
    Alert drift = Samples.alert("production/dataset-drift");
    Dispatch first = notifications.alert(drift, alerts);
    assertThat(first.fired()).isTrue();
    assertThat(first.deliveries()).extracting(Delivery::channel, Delivery::outcome).containsExactly(
        tuple("oncall", Outcome.DELIVERED),
        tuple("team-slack", Outcome.DELIVERED));
    assertThat(receiver.received()).extracting(Received::path).containsExactly("/hooks/icegate", Samples.SLACK_PATH);

    time.advance(Duration.ofHours(1));
    Dispatch hourLater = notifications.alert(drift, alerts);
    assertThat(hourLater.fired()).isFalse();
    assertThat(hourLater.deliveries()).isEmpty();
    assertThat(hourLater.decision().verdict()).isEqualTo(Verdict.SUPPRESSED);
    assertThat(hourLater.decision().lastFiredAt()).isEqualTo(T0);
    assertThat(hourLater.decision().suppressedUntil()).isEqualTo(T0.plus(Duration.ofHours(6)));
    assertThat(receiver.received()).as("no second page").hasSize(2);

    // another condition of the same model, and the same condition of another model, are their own keys
    assertThat(notifications.alert(Samples.alert("production/prediction-psi"), alerts).fired()).isTrue();
    Alert fraud = new Alert("fraud", drift.monitor(), drift.severity(), drift.title(), drift.summary(), null,
        drift.facts(), drift.dedupeKey());
    assertThat(notifications.alert(fraud, alerts).fired()).isTrue();

    time.advance(Duration.ofHours(5)); // T0 + 6 h: the cooldown is over
    Dispatch afterCooldown = notifications.alert(drift, alerts);
    assertThat(afterCooldown.fired()).isTrue();
    assertThat(afterCooldown.decision().lastFiredAt()).isEqualTo(T0);
    assertThat(afterCooldown.delivered()).isTrue();

    List<AlertDecision> log = alertLog.list("churn").stream()
        .filter(d -> d.dedupeKey().equals("production/dataset-drift")).toList();
    assertThat(log).extracting(AlertDecision::verdict).containsExactly(Verdict.FIRED, Verdict.SUPPRESSED, Verdict.FIRED);
    assertThat(log).extracting(AlertDecision::decidedAt)
        .containsExactly(T0, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(6)));
    assertThat(log.get(1).cooldown()).isEqualTo(Duration.ofHours(6));
    assertThat(log.get(0).title()).isEqualTo("dataset drift in 2 consecutive scans");

    List<Delivery> recorded = deliveries.ofNotification("churn", first.decision().decisionId());
    assertThat(recorded).extracting(Delivery::channel, Delivery::channelType, Delivery::endpoint).containsExactlyInAnyOrder(
        tuple("oncall", "webhook", Endpoint.origin(URI.create(receiver.url("/")))),
        tuple("team-slack", "slack", "env:SLACK_URL"));
    assertThat(recorded).allSatisfy(d -> {
      assertThat(d.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(d.attempts()).extracting(Attempt::status).containsExactly(200);
      assertThat(d.dedupeKey()).isEqualTo("production/dataset-drift");
      assertThat(d.monitor()).isEqualTo("production-daily");
    });
    assertThat(deliveries.list("churn")).hasSize(6);
  }

  @Test
  void failedDeliveriesAreRecordedAndTheNextScanTriesAgain() throws IOException {
    receiver.replies(Reply.status(500).withBody("upstream unavailable"));
    AlertPolicy oneChannel = new AlertPolicy(List.of(), List.of(alerts.channels().get(0)), Duration.ofHours(6));
    Alert drift = Samples.alert("production/dataset-drift");

    Dispatch failed = notifications.alert(drift, oneChannel);
    assertThat(failed.fired()).isTrue();
    assertThat(failed.delivered()).isFalse();
    assertThat(failed.undelivered().refersTo()).isEqualTo(failed.decision().decisionId());
    assertThat(receiver.received()).hasSize(5);

    Delivery row = deliveries.ofNotification("churn", failed.decision().decisionId()).get(0);
    assertThat(row.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(row.attempts()).extracting(Attempt::number).containsExactly(1, 2, 3, 4, 5);
    assertThat(row.attempts()).extracting(Attempt::status).containsExactly(500, 500, 500, 500, 500);
    assertThat(row.attempts()).extracting(Attempt::error).containsOnly("HTTP 500: upstream unavailable");
    assertThat(row.attempts()).extracting(Attempt::waitMillis).containsExactly(750L, 1500L, 3000L, 6000L, null);
    assertThat(row.lastStatus()).isEqualTo(500);
    assertThat(row.summary()).isEqualTo("failed after 5 attempts (500, 500, 500, 500, 500): no attempt succeeded");
    assertThat(row.payload()).contains("\"type\":\"icegate.alert\"");
    Table t = icegate.tables().deliveries();
    assertThat(rows(t)).singleElement().satisfies(r -> {
      assertThat(r.getField("outcome")).isEqualTo("failed");
      assertThat(r.getField("attempt_count")).isEqualTo(5);
      assertThat(r.getField("last_status")).isEqualTo(500);
    });

    // nobody was paged, so no cooldown: the next scan an hour later fires again, and gets through
    time.advance(Duration.ofHours(1));
    receiver.replies(Reply.status(200));
    Dispatch retried = notifications.alert(drift, oneChannel);
    assertThat(retried.fired()).isTrue();
    assertThat(retried.delivered()).isTrue();
    assertThat(retried.undelivered()).isNull();

    time.advance(Duration.ofHours(1));
    Dispatch quiet = notifications.alert(drift, oneChannel);
    assertThat(quiet.fired()).isFalse();
    assertThat(quiet.decision().suppressedUntil()).isEqualTo(retried.decision().decidedAt().plus(Duration.ofHours(6)));
    assertThat(alertLog.list("churn")).extracting(AlertDecision::verdict)
        .containsExactly(Verdict.FIRED, Verdict.UNDELIVERED, Verdict.FIRED, Verdict.SUPPRESSED);
  }

  @Test
  void theRetrainTriggerIsSignedGatedPerVersionAndRecorded() {
    RetrainTrigger trigger = Samples.trigger();
    Dispatch fired = notifications.retrain(trigger, retrain);
    assertThat(fired.delivered()).isTrue();
    Received r = receiver.received().get(0);
    assertThat(r.path()).isEqualTo("/ci/retrain");
    assertThat(WebhookSignature.verify(Samples.SECRET.getBytes(StandardCharsets.UTF_8),
        r.header(WebhookSignature.TIMESTAMP_HEADER), r.header(WebhookSignature.SIGNATURE_HEADER), r.body(), T0,
        WebhookSignature.DEFAULT_TOLERANCE)).isEqualTo(WebhookSignature.Verdict.VALID);
    assertThat(r.text()).contains("\"id\":\"" + fired.decision().decisionId() + "\"");

    time.advance(Duration.ofHours(12));
    Dispatch again = notifications.retrain(trigger, retrain);
    assertThat(again.fired()).isFalse();
    assertThat(again.decision().suppressedUntil()).isEqualTo(T0.plus(Duration.ofHours(24)));

    // version 4 is promoted and drifts too: a new key, so it triggers
    RetrainTrigger v4 = new RetrainTrigger("churn", "production", 4, trigger.monitor(), trigger.reason(),
        trigger.drift(), trigger.reportUrl());
    assertThat(notifications.retrain(v4, retrain).delivered()).isTrue();
    assertThat(receiver.received()).hasSize(2);
    assertThat(deliveries.list("churn")).extracting(Delivery::channel, Delivery::kind).containsOnly(
        tuple("retrain", Notification.Kind.RETRAIN));
  }

  @Test
  void secretsNeverReachTheTablesOrTheLogs(@TempDir Path dir) throws IOException {
    // hostile receivers echo what they know: the Slack one its URL and token, the signed one the secret
    try (WebhookReceiver slackReceiver = new WebhookReceiver()) {
      String slackUrl = slackReceiver.url(Samples.SLACK_PATH);
      slackReceiver.replies(Reply.status(500).withBody("bad hook " + slackUrl),
          Reply.status(404).withBody("invalid_token " + TOKEN));
      receiver.replies(Reply.status(500).withBody("key=" + Samples.SECRET + " at " + receiver.url("/hooks/icegate")),
          Reply.status(401).withBody("secret " + Samples.SECRET + " revoked"));
      WebhookNotifier notifier = new WebhookNotifier(WebhookNotifier.client(Samples.FAST),
          new LocalSecrets(Map.of("ALERT_SECRET", Samples.SECRET, "SLACK_URL", slackUrl), dir), Samples.FAST, time,
          time, () -> 0.5);
      Files.createDirectories(dir.resolve("secrets"));
      Files.writeString(dir.resolve("secrets/retrain.key"), Samples.SECRET);
      Notifications hostile = new Notifications(notifier, new AlertGate(alertLog, time), deliveries);

      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        hostile.alert(Samples.alert("production/dataset-drift"), alerts);
        receiver.replies(Reply.status(503).withBody(Samples.SECRET));
        hostile.retrain(Samples.trigger(), retrain);
      } finally {
        System.setErr(original);
      }
      String logs = captured.toString(StandardCharsets.UTF_8);
      original.print(logs);
      assertThat(logs).contains("failed after").contains("[redacted]");

      List<String> rows = new ArrayList<>();
      rows(icegate.tables().deliveries()).forEach(r -> rows.add(r.toString()));
      rows(icegate.tables().alertLog()).forEach(r -> rows.add(r.toString()));
      assertThat(rows).hasSize(3 + 4);
      String recorded = String.join("\n", rows);
      assertThat(recorded).contains("HTTP 404: invalid_token [redacted]").contains("HTTP 401: secret [redacted] revoked");
      for (String text : List.of(recorded, logs)) {
        assertThat(text).doesNotContain(Samples.SECRET).doesNotContain(TOKEN).doesNotContain(Samples.SLACK_PATH);
      }
      // the secret travelled only as an HMAC
      assertThat(receiver.received()).allSatisfy(r -> assertThat(r.text()).doesNotContain(Samples.SECRET));
    }
  }

  @Test
  void concurrentScansOfOneDriftPageOnce() throws Exception {
    int scans = 3;
    ExecutorService pool = Executors.newFixedThreadPool(scans);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AlertDecision>> decisions = new ArrayList<>();
    try {
      for (int i = 0; i < scans; i++) {
        AlertGate gate = new AlertGate(new AlertLog(icegate.tables()), time);
        decisions.add(pool.submit(() -> {
          start.await();
          return gate.decide(Samples.alert("production/dataset-drift"), Duration.ofHours(6));
        }));
      }
      start.countDown();
      List<Verdict> verdicts = new ArrayList<>();
      for (Future<AlertDecision> f : decisions) {
        verdicts.add(f.get().verdict());
      }
      assertThat(verdicts).containsOnlyOnce(Verdict.FIRED).filteredOn(v -> v != Verdict.FIRED)
          .containsOnly(Verdict.SUPPRESSED).hasSize(scans - 1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(alertLog.list("churn")).extracting(AlertDecision::verdict).containsOnlyOnce(Verdict.FIRED);
  }

  private static List<Record> rows(Table t) throws IOException {
    t.refresh();
    List<Record> out = new ArrayList<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
      it.forEach(r -> out.add(r.copy()));
    }
    return out;
  }
}
