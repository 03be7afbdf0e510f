package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.icegate.drift.Method;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift scans on data the real ingest wrote: training in three batches, serving one batch per day
 * where day 0 and 1 follow the training distribution and day 2 has income shifted by half.
 */
class DriftScannerTest {

  @TempDir
  static Path home;
  static DriftFixture f;

  static final Instant CALM = DriftFixture.DAY0.plus(Duration.ofDays(2));
  static final Instant SHIFTED = DriftFixture.DAY0.plus(Duration.ofDays(3));

  static final Monitor FEATURES = monitor("features", 0.5,
      col("age"), col("income"), col("tenure"), col("segment"));

  @BeforeAll
  static void ingest() throws IOException {
    f = new DriftFixture(home);
    f.servingDay(0, 1.0, 100);
    f.servingDay(1, 1.0, 101);
    f.servingDay(2, 1.5, 102);
  }

  @AfterAll
  static void close() throws IOException {
    f.close();
  }

  @Test
  void aWindowWithoutDriftHasNoDriftedColumn() {
    DriftScan scan = f.scanner.scan("churn", FEATURES, CALM, null);
    assertThat(scan.mode()).isEqualTo(ScanMode.PROFILE);
    assertThat(scan.modeReason()).startsWith("auto: profiles of 3 reference and 1 current batch(es)");
    assertThat(scan.version()).isEqualTo(1);
    assertThat(scan.referenceDataset()).isEqualTo("training");
    assertThat(scan.referenceSnapshotId()).isEqualTo(f.trainingSnapshot);
    assertThat(scan.windowFrom()).isEqualTo(CALM.minus(Duration.ofDays(1)));
    assertThat(scan.columns()).noneMatch(c -> c.result().drifted());
    // over 1000 reference values: Evidently's distances
    assertThat(byColumn(scan).get("income").result().method()).isEqualTo(Method.WASSERSTEIN);
    assertThat(byColumn(scan).get("segment").result().method()).isEqualTo(Method.JENSENSHANNON);
    assertThat(byColumn(scan).get("age").referenceCount()).isEqualTo(4500);
    assertThat(byColumn(scan).get("age").currentCount()).isEqualTo(1000);
    assertThat(scan.dataset().drifted()).isFalse();
    assertThat(scan.dataset().driftedColumns()).isZero();
  }

  @Test
  void aShiftedFeatureDriftsAloneAndDatasetDriftFollowsTheShare() {
    DriftScan scan = f.scanner.scan("churn", FEATURES, SHIFTED, null);
    assertThat(scan.columns()).filteredOn(c -> c.result().drifted()).extracting(ColumnDrift::column)
        .containsExactly("income");
    assertThat(scan.columns().get(0).column()).as("most drifted first").isEqualTo("income");
    assertThat(scan.dataset().share()).isEqualTo(0.25);
    assertThat(scan.dataset().drifted()).isFalse();
    // the bins the report plots: value counts for segment, sturges ranges for income
    assertThat(byColumn(scan).get("segment").bins().labels()).containsExactly("a", "b", "c", "d");
    assertThat(byColumn(scan).get("income").bins().histogram()).isTrue();
    assertThat(scan.reportKey()).isEqualTo("reports/drift/churn/" + scan.scanId() + ".html");
    DriftScan strict = f.scanner.scan("churn", monitor("strict", 0.25, col("age"), col("income"), col("tenure"),
        col("segment")), SHIFTED, null);
    assertThat(strict.dataset().drifted()).isTrue();
  }

  @Test
  void profileAndExactModesAgree() {
    Monitor methods = monitor("methods", 0.5, new Monitor.MonitorColumn("age", Method.KS, null),
        new Monitor.MonitorColumn("income", Method.PSI, null), col("tenure"),
        new Monitor.MonitorColumn("segment", Method.JENSENSHANNON, null));
    List<String> lines = new ArrayList<>();
    for (Monitor m : List.of(FEATURES, methods)) {
      for (Instant at : List.of(CALM, SHIFTED)) {
        DriftScan profile = f.scanner.scan("churn", m, at, ScanMode.PROFILE);
        DriftScan exact = f.scanner.scan("churn", m, at, ScanMode.EXACT);
        assertThat(profile.mode()).isEqualTo(ScanMode.PROFILE);
        assertThat(exact.mode()).isEqualTo(ScanMode.EXACT);
        assertThat(exact.modeReason()).isEqualTo("exact mode was asked for");
        Map<String, ColumnDrift> p = byColumn(profile);
        for (ColumnDrift e : exact.columns()) {
          ColumnDrift s = p.get(e.column());
          lines.add(String.format("%s %s %s %s exact %.4f profile %.4f", m.name(), at, e.column(),
              e.result().method().id(), e.result().statistic(), s.result().statistic()));
          assertThat(s.result().method()).isEqualTo(e.result().method());
          assertThat(s.result().drifted()).as(e.column()).isEqualTo(e.result().drifted());
          assertThat(s.referenceCount()).isEqualTo(e.referenceCount());
          assertThat(s.currentCount()).isEqualTo(e.currentCount());
          // KS statistic, PSI and Jensen-Shannon: the bounds io.icegate.drift measured, which hold near
          // the thresholds. Far past them the error grows with the value: Wasserstein is divided by a
          // std that profile mode estimates from KLL items, and the shifted day's PSI (0.62, six times
          // its threshold) came 0.012 to 0.026 from exact mode over runs (KLL compacts at random),
          // so there the bound is relative
          double exactValue = e.result().statistic();
          double bound = switch (e.result().method()) {
            case PSI -> Math.max(0.01, 0.06 * exactValue);
            case WASSERSTEIN -> Math.max(0.02, 0.05 * exactValue);
            default -> 0.02;
          };
          assertThat(s.result().statistic()).as(lines.get(lines.size() - 1))
              .isCloseTo(e.result().statistic(), within(bound));
        }
        assertThat(profile.dataset()).isEqualTo(exact.dataset());
      }
    }
    lines.forEach(System.out::println);
  }

  @Test
  void windowBoundsAreInclusiveFromAndExclusiveTo() {
    // from = day 0 + 50 rows, to = day 1 + 50 rows: day 0 rows 50..999 and day 1 rows 0..49
    Instant at = DriftFixture.DAY0.plus(Duration.ofDays(2)).plusSeconds(50L * DriftFixture.STEP_SECONDS);
    DriftScan auto = f.scanner.scan("churn", FEATURES, at, null);
    assertThat(auto.mode()).isEqualTo(ScanMode.EXACT);
    assertThat(auto.modeReason()).startsWith("auto: 2 batch(es) straddle the window edge");
    assertThat(byColumn(auto).get("age").currentCount()).isEqualTo(1000);
    DriftScan whole = f.scanner.scan("churn", FEATURES, at, ScanMode.PROFILE);
    assertThat(whole.modeReason()).contains("straddle the window edge").endsWith("and count whole");
    assertThat(byColumn(whole).get("age").currentCount()).isEqualTo(2000);
  }

  @Test
  void aColumnCanNameItsMethodAndThreshold() {
    DriftScan scan = f.scanner.scan("churn", monitor("psi", 0.5,
        new Monitor.MonitorColumn("age", Method.PSI, 0.0001)), CALM, ScanMode.EXACT);
    ColumnDrift age = scan.columns().get(0);
    assertThat(age.result().method()).isEqualTo(Method.PSI);
    assertThat(age.result().threshold()).isEqualTo(0.0001);
    assertThat(age.result().drifted()).isTrue();
    assertThat(scan.dataset().drifted()).isTrue();
  }

  @Test
  void aFilterSendsAutoToExactAndIsRefusedInProfileMode() {
    Monitor filtered = new Monitor("cash", "production",
        new Monitor.Current("serving", "ts", Duration.ofDays(1), Map.of("segment", "a")),
        Monitor.Reference.TRAINING, List.of(col("age")), ScanMode.AUTO, 0.5);
    DriftScan scan = f.scanner.scan("churn", filtered, CALM, null);
    assertThat(scan.mode()).isEqualTo(ScanMode.EXACT);
    assertThat(scan.modeReason()).contains("filters rows on [segment]");
    assertThat(byColumn(scan).get("age").currentCount()).isBetween(300L, 500L);
    assertThatThrownBy(() -> f.scanner.scan("churn", filtered, CALM, ScanMode.PROFILE))
        .isInstanceOf(MonitorException.class).hasMessageContaining("cannot run in profile mode");
  }

  @Test
  void anEmptyWindowOrMissingColumnIsRefused() {
    assertThatThrownBy(() -> f.scanner.scan("churn", FEATURES, DriftFixture.DAY0, ScanMode.EXACT))
        .isInstanceOf(MonitorException.class).hasMessageContaining("has no values of column 'age' in the window");
    assertThatThrownBy(() -> f.scanner.scan("churn", monitor("x", 0.5, col("agee")), CALM, null))
        .isInstanceOf(MonitorException.class)
        .hasMessage("monitor 'x': dataset 'training' at snapshot " + f.trainingSnapshot + " has no column 'agee'");
  }

  @Test
  void scanDriftRunsPolicyMonitorsAndRecordsResults() throws IOException {
    f.policy("""
        monitors:
          - name: features
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, income, tenure, segment]
          - name: broken
            current: {dataset: nowhere, timestampColumn: ts, window: P1D}
            columns: [age]
        """);
    DriftSummary all = f.scans.scan(new ScanRequest(null, null, null, SHIFTED));
    assertThat(all.scans()).extracting(DriftScan::monitor).containsExactly("features");
    assertThat(all.failures()).containsExactly(
        new DriftSummary.Failure("churn", "broken", "dataset 'nowhere' does not exist"));
    DriftScan scan = all.scans().get(0);
    List<Record> rows = rows().stream().filter(r -> r.getField("scan_id").equals(scan.scanId())).toList();
    assertThat(rows).filteredOn(r -> r.getField("kind").equals("column")).hasSize(4);
    assertThat(rows).filteredOn(r -> r.getField("kind").equals("dataset")).hasSize(1);
    // a null rate per column, and the reference-range (numbers) or unseen-category (segment) share
    assertThat(rows).filteredOn(r -> r.getField("kind").equals("quality")).hasSize(8);
    Record dataset = rows.stream().filter(r -> r.getField("kind").equals("dataset")).findFirst().orElseThrow();
    assertThat(dataset.getField("score")).isEqualTo(0.25);
    assertThat(dataset.getField("drifted")).isEqualTo(false);
    assertThat(dataset.getField("mode")).isEqualTo("profile");
    Record income = rows.stream().filter(r -> r.getField("kind").equals("column")
        && "income".equals(r.getField("column_name"))).findFirst().orElseThrow();
    assertThat(income.getField("drifted")).isEqualTo(true);
    assertThat(income.getField("method")).isEqualTo("wasserstein");
    assertThat(income.getField("reference_snapshot_id")).isEqualTo(f.trainingSnapshot);

    assertThat(f.scans.scan(new ScanRequest("churn", "features", ScanMode.EXACT, CALM)).scans())
        .singleElement().satisfies(s -> assertThat(s.mode()).isEqualTo(ScanMode.EXACT));
    assertThatThrownBy(() -> f.scans.scan(new ScanRequest("churn", "featurs", null, CALM)))
        .isInstanceOf(MonitorException.class)
        .hasMessage("the policy of model 'churn' has no monitor 'featurs'; it has features, broken");
    assertThatThrownBy(() -> f.scans.scan(new ScanRequest("fraud", null, null, CALM)))
        .isInstanceOf(MonitorException.class).hasMessage("model 'fraud' has no policy at config/policies/fraud.yaml");
  }

  private static List<Record> rows() throws IOException {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(f.icegate.tables().driftResults()).build()) {
      it.forEach(r -> out.add(r.copy()));
    }
    return out;
  }

  private static Map<String, ColumnDrift> byColumn(DriftScan scan) {
    return scan.columns().stream().collect(Collectors.toMap(ColumnDrift::column, Function.identity()));
  }

  private static Monitor.MonitorColumn col(String name) {
    return new Monitor.MonitorColumn(name, null, null);
  }

  @Test
  void profileModeStillKnowsEveryBatchAfterMaintenanceCompactedFilesAndExpiredTheHistory(@TempDir Path other)
      throws IOException {
    try (DriftFixture g = new DriftFixture(other)) {
      g.servingDay(0, 1.0, 100);
      g.servingDay(1, 1.0, 101);
      DriftScan before = g.scanner.scan("churn", FEATURES, CALM, null);
      // the real maintenance: training's three batch files and serving's two become one file each
      io.icegate.maintenance.MaintenanceResult done = new io.icegate.maintenance.TableMaintainer(g.icegate.tables(),
          g.icegate.engine(), java.time.Clock.systemUTC()).maintain(new io.icegate.maintenance.MaintenanceRequest(
              List.of("training", "serving"), false, new io.icegate.maintenance.MaintenanceOptions(
                  null, null, null, null, 2, false, true, false)));
      assertThat(done.ok()).as(done.toString()).isTrue();
      for (String dataset : List.of("training", "serving")) {
        org.apache.iceberg.Table t = g.icegate.tables().dataset(dataset).orElseThrow();
        try (var files = t.newScan().planFiles()) {
          assertThat(files).as(dataset).hasSize(1);
        }
        // keep only the current snapshot (and the registry's tag on training's): the ancestry is gone
        t.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 60_000).retainLast(1).commit();
        t.refresh();
        // serving keeps its current snapshot only; training also its tagged one (the reference)
        assertThat(t.snapshots()).as(dataset).hasSize(dataset.equals("training") ? 2 : 1);
      }
      DriftScan after = g.scanner.scan("churn", FEATURES, CALM, null);
      assertThat(after.mode()).isEqualTo(ScanMode.PROFILE);
      assertThat(byColumn(after).get("age").referenceCount()).isEqualTo(4500);
      assertThat(byColumn(after).get("age").currentCount()).isEqualTo(1000);
      // KLL merges at random, so scores move a little from scan to scan
      assertThat(byColumn(after).get("income").result().score())
          .isCloseTo(byColumn(before).get("income").result().score(), within(0.01));
    }
  }

  private static Monitor monitor(String name, double share, Monitor.MonitorColumn... columns) {
    return new Monitor(name, "production", new Monitor.Current("serving", "ts", Duration.ofDays(1), Map.of()),
        Monitor.Reference.TRAINING, List.of(columns), ScanMode.AUTO, share);
  }
}
