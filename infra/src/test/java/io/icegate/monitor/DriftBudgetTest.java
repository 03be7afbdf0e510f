package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.notify.LocalSecrets;
import io.icegate.infra.notify.RetryPolicy;
import io.icegate.infra.notify.WebhookNotifier;
import io.icegate.infra.notify.WebhookReceiver;
import io.icegate.infra.notify.WebhookReceiver.Received;
import io.icegate.ingest.Json;
import io.icegate.monitor.BudgetOutcome.Status;
import io.icegate.notify.AlertGate;
import io.icegate.notify.AlertLog;
import io.icegate.notify.DeliveryLog;
import io.icegate.notify.Notifications;
import io.icegate.notify.WebhookSignature;
import io.icegate.testing.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets, alerts, retrain triggers and schedules on data the real ingest wrote (see
 * {@link DriftFixture}: serving day 1 follows training, day 2 has income shifted by half), with a
 * real HTTP receiver on 127.0.0.1 and a clock the test moves.
 */
class DriftBudgetTest {
  private static final String SECRET = "retrain-signing-secret-0123456789";
  private static final Instant CALM = DriftFixture.DAY0.plus(Duration.ofDays(2));
  private static final Instant SHIFTED = DriftFixture.DAY0.plus(Duration.ofDays(3));

  @TempDir
  static Path home;
  static DriftFixture f;
  static WebhookReceiver receiver;

  @BeforeAll
  static void ingest() throws IOException {
    f = new DriftFixture(home);
    f.servingDay(0, 1.0, 100);
    f.servingDay(1, 1.0, 101);
    f.servingDay(2, 1.5, 102);
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void close() throws IOException {
    receiver.close();
    f.close();
  }

  /** Scans whose budgets notify through the real webhook notifier, at {@code clock}. */
  private static DriftScans scans(TestClock clock) {
    Notifications notifications = new Notifications(
        WebhookNotifier.create(new LocalSecrets(Map.of("RETRAIN_SECRET", SECRET), home), RetryPolicy.DEFAULTS, clock),
        new AlertGate(new AlertLog(f.icegate.tables()), clock), new DeliveryLog(f.icegate.tables()));
    return new DriftScans(f.icegate.store(), new DriftScanner(f.icegate.tables(), f.icegate.engine(), f.registry, clock),
        clock, notifications);
  }

  private static String notify(String path) {
    return """
        alerts:
          owners: [ml@example.com]
          cooldown: PT6H
          channels: [{name: oncall, type: webhook, url: "%s"}]
        retrain:
          webhook: "%s"
          secretEnv: RETRAIN_SECRET
        """.formatted(receiver.url(path + "/alert"), receiver.url(path + "/retrain"));
  }

  private static List<Received> received(String path) {
    return receiver.received().stream().filter(r -> r.path().startsWith(path + "/")).toList();
  }

  @Test
  void aShiftedFeatureAlertsAndTriggersOnceThenTheCooldownHolds() throws IOException {
    f.policy("""
        monitors:
          - name: income
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, {name: income, method: psi}, tenure, segment]
            budget:
              columnScore: {column: income, method: psi, atLeast: 0.2}
        """ + notify("/scenario"));
    TestClock clock = TestClock.at(Instant.parse("2026-11-23T09:00:00Z"));
    DriftScans scans = scans(clock);

    DriftSummary calm = scans.scan(new ScanRequest("churn", "income", null, CALM));
    assertThat(calm.budgets()).singleElement().satisfies(b -> {
      assertThat(b.scanId()).isEqualTo(calm.scans().get(0).scanId());
      assertThat(b.tripped()).isEmpty();
      assertThat(b.retrain()).isNull();
    });
    assertThat(received("/scenario")).isEmpty();

    clock.advance(Duration.ofHours(1));
    DriftSummary shifted = scans.scan(new ScanRequest("churn", "income", null, SHIFTED));
    BudgetOutcome first = shifted.budgets().get(0);
    assertThat(first.tripped()).singleElement().satisfies(t -> {
      assertThat(t.rule()).isEqualTo("columnScore/income/psi");
      assertThat(t.reason()).startsWith("income PSI ").endsWith(" >= 0.200");
      assertThat((Double) t.evidence().get("score")).isGreaterThan(0.2);
      assertThat(t.alert().status()).isEqualTo(Status.DELIVERED);
      assertThat(t.alert().detail()).isEqualTo("oncall delivered");
    });
    assertThat(first.retrain().status()).isEqualTo(Status.DELIVERED);
    List<Received> sent = received("/scenario");
    assertThat(sent).extracting(Received::path).containsExactlyInAnyOrder("/scenario/alert", "/scenario/retrain");
    Received alert = sent.stream().filter(r -> r.path().endsWith("/alert")).findFirst().orElseThrow();
    assertThat(Json.MAPPER.readTree(alert.body()).toString()).contains("income PSI").contains("ml@example.com")
        .contains("reports/drift/");
    Received retrain = sent.stream().filter(r -> r.path().endsWith("/retrain")).findFirst().orElseThrow();
    assertThat(WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8),
        retrain.header(WebhookSignature.TIMESTAMP_HEADER), retrain.header(WebhookSignature.SIGNATURE_HEADER),
        retrain.body(), clock.instant(), WebhookSignature.DEFAULT_TOLERANCE).valid()).isTrue();
    var trigger = Json.MAPPER.readTree(retrain.body()).toString();
    assertThat(trigger).contains("\"alias\":\"production\"").contains("\"version\":1").contains("income");

    // the same drift an hour later: recorded, tripped again, but nobody is paged twice
    clock.advance(Duration.ofHours(1));
    DriftSummary again = scans.scan(new ScanRequest("churn", "income", null, SHIFTED.plus(Duration.ofHours(1))));
    BudgetOutcome second = again.budgets().get(0);
    assertThat(second.tripped()).singleElement().satisfies(t -> {
      assertThat(t.alert().status()).isEqualTo(Status.SUPPRESSED);
      assertThat(t.alert().suppressedUntil()).isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
    });
    assertThat(second.retrain().status()).isEqualTo(Status.SUPPRESSED);
    assertThat(second.retrain().suppressedUntil()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(received("/scenario")).hasSize(2);
  }

  @Test
  void datasetDriftTripsAfterConsecutiveDriftedScansOnly() throws IOException {
    f.policy("""
        monitors:
          - name: consecutive
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, income, tenure, segment]
            driftShare: 0.25
            budget:
              datasetDrift: {consecutive: 2}
        """);
    TestClock clock = TestClock.at(Instant.parse("2026-11-23T09:00:00Z"));
    DriftScans scans = scans(clock);
    BudgetOutcome calm = scans.scan(new ScanRequest("churn", "consecutive", null, CALM)).budgets().get(0);
    clock.advance(Duration.ofHours(1));
    BudgetOutcome once = scans.scan(new ScanRequest("churn", "consecutive", null, SHIFTED)).budgets().get(0);
    clock.advance(Duration.ofHours(1));
    DriftSummary twice = scans.scan(new ScanRequest("churn", "consecutive", null, SHIFTED));
    assertThat(calm.tripped()).isEmpty();
    assertThat(once.tripped()).as("one drifted scan after a calm one").isEmpty();
    BudgetOutcome.TrippedRule t = twice.budgets().get(0).tripped().get(0);
    assertThat(t.rule()).isEqualTo("datasetDrift");
    assertThat(t.reason()).isEqualTo("dataset drift in 2 consecutive scans (share 0.250 >= 0.250)");
    assertThat(t.evidence().get("drifted columns")).isEqualTo(List.of("income"));
    assertThat(t.evidence().get("consecutive scans")).isEqualTo(List.of(twice.scans().get(0).scanId(), once.scanId()));
    // the policy has no alerts or retrain section: the trip is recorded, nothing is sent
    assertThat(t.alert().status()).isEqualTo(Status.NOT_CONFIGURED);
    assertThat(twice.budgets().get(0).retrain().status()).isEqualTo(Status.NOT_CONFIGURED);
  }

  @Test
  void theEmptyRequestScansOnlyDueMonitors() throws IOException {
    f.policy("""
        monitors:
          - name: hourly
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age]
            schedule: PT1H
          - name: daily
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age]
        """);
    TestClock clock = TestClock.at(CALM);
    DriftScans scans = scans(clock);
    assertThat(monitors(scans.scan(ScanRequest.ALL))).as("never scanned").containsExactly("hourly", "daily");
    clock.advance(Duration.ofMinutes(59));
    assertThat(monitors(scans.scan(ScanRequest.ALL))).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(monitors(scans.scan(ScanRequest.ALL))).containsExactly("hourly");
    // a named request scans now whatever the schedule says
    assertThat(monitors(scans.scan(new ScanRequest("churn", "daily", null, null)))).containsExactly("daily");
    clock.advance(Duration.ofHours(23));
    assertThat(monitors(scans.scan(ScanRequest.ALL))).containsExactly("hourly");
    clock.advance(Duration.ofHours(1));
    assertThat(monitors(scans.scan(ScanRequest.ALL))).containsExactly("hourly", "daily");
  }

  @Test
  void aMonitorWithoutDataWaitsForItsNextTurn() throws IOException {
    f.policy("""
        monitors:
          - name: hourly
            current: {dataset: serving, timestampColumn: ts, window: PT1H}
            columns: [age]
            schedule: PT1H
        """);
    // a year after the data: the window is empty, so the scan is refused
    TestClock clock = TestClock.at(CALM.plus(Duration.ofDays(365)));
    DriftScans scans = scans(clock);
    assertThat(scans.scan(ScanRequest.ALL).failures()).extracting(DriftSummary.Failure::monitor)
        .containsExactly("hourly");
    clock.advance(Duration.ofMinutes(30));
    DriftSummary quiet = scans.scan(ScanRequest.ALL);
    assertThat(quiet.failures()).as("not retried before its schedule").isEmpty();
    assertThat(quiet.scans()).isEmpty();
    clock.advance(Duration.ofMinutes(30));
    assertThat(scans.scan(ScanRequest.ALL).failures()).extracting(DriftSummary.Failure::monitor)
        .containsExactly("hourly");
  }

  private static List<String> monitors(DriftSummary summary) {
    assertThat(summary.failures()).isEmpty();
    return summary.scans().stream().map(DriftScan::monitor).toList();
  }
}
