package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.icegate.gate.BinaryPredictions;
import io.icegate.gate.EvaluationSet.PredictionSource;
import io.icegate.gate.GateDecision;
import io.icegate.gate.GateDecisions;
import io.icegate.gate.GatePolicy;
import io.icegate.gate.PolicyParser;
import io.icegate.gate.Metric;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-quality, performance and KPI panels of a scan, on data the real ingest wrote: a serving
 * day with planted nulls, unseen segments and ages a tightened contract forbids; an inference log
 * with retried requests, other variants and models; relabelled feedback; and a KPI that follows
 * the model's mean score over eight days. Expected figures are computed here from the rows as
 * generated, independently of the scanner's SQL.
 */
class DriftPanelsTest {

  @TempDir
  static Path home;
  static DriftFixture f;

  /** Serving day 7 holds the planted problems; its scan ends at the day's end. */
  static final int DAY = 7;
  static final Instant END = DriftFixture.DAY0.plus(Duration.ofDays(DAY + 1));
  static final int DAYS = 8;

  static String servingCsv;
  /** Per day: requests of churn/production version 1 (latest answer), with score and label (or null). */
  static final List<List<double[]>> answers = new ArrayList<>();
  static final double[] dailyRevenue = new double[DAYS];

  @BeforeAll
  static void ingest() throws IOException {
    f = new DriftFixture(home);
    servingCsv = planted(DriftFixture.rows("s" + DAY, DriftFixture.DAY0.plusSeconds(DAY * 86400L),
        DriftFixture.ROWS_PER_DAY, DriftFixture.STEP_SECONDS, 1.0, new Random(107)));
    upload("serving", "day-" + DAY + ".csv", servingCsv);
    // tightened after the upload: ages above 60 are now out of contract
    f.icegate.store().put(IngestFunction.contractKey("serving"), contract().replace(
        "      - name: age\n        logicalType: number\n",
        "      - name: age\n        logicalType: number\n        logicalTypeOptions:\n          maximum: 60\n")
        .getBytes(StandardCharsets.UTF_8));
    inferenceLog();
    new GateDecisions(f.icegate.tables()).append(new GateDecision("d-1", "churn", 1, "1", "binary", "training",
        f.trainingSnapshot, null, true, 4500,
        List.of(new GateDecision.MetricResult("roc_auc", true, 0.95, null, null),
            new GateDecision.MetricResult("accuracy", true, 0.80, null, null)),
        List.of(), new PredictionSource("models/churn/eval-1.csv", "00", 1), null, "reports/gate/churn/d-1.html",
        "test", "r-1", DriftFixture.DAY0));
    f.policy("""
        monitors:
          - name: serving
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, income, segment]
            performance: {metrics: [roc_auc, accuracy], minLabelled: 50}
            kpi: {dataset: orders, timestampColumn: ts, value: revenue, aggregate: sum, name: revenue, windows: 8}
            budget:
              performanceDrop: {metric: roc_auc, atLeast: 0.1}
        """);
  }

  @AfterAll
  static void close() throws IOException {
    f.close();
  }

  @Test
  void qualityPanelMeasuresNullsUnseenCategoriesAndRanges() {
    DriftScan scan = scan();
    Map<String, Panels.Quality> q = new LinkedHashMap<>();
    scan.panels().quality().forEach(x -> q.put(x.column() + "/" + x.check(), x));

    List<String[]> rows = csvRows(servingCsv);
    long incomeNulls = rows.stream().filter(r -> r[3].isEmpty()).count();
    assertThat(incomeNulls).isPositive();
    assertThat(q.get("income/null_rate").current()).isEqualTo((double) incomeNulls / rows.size());
    assertThat(q.get("income/null_rate").reference()).isEqualTo(0.0);
    assertThat(q.get("age/null_rate").current()).isEqualTo(0.0);

    long unseen = rows.stream().filter(r -> r[5].equals("z")).count();
    assertThat(unseen).isPositive();
    assertThat(q.get("segment/unseen_categories").current()).isCloseTo((double) unseen / rows.size(), within(1e-12));

    // ages above 60 against the tightened contract, in the window and in the reference
    long over = rows.stream().filter(r -> Double.parseDouble(r[2]) > 60).count();
    assertThat(over).isPositive();
    assertThat(q.get("age/out_of_contract_range").current()).isCloseTo((double) over / rows.size(), within(0.002));
    assertThat(q.get("age/out_of_contract_range").reference()).isPositive();
    assertThat(q.get("age/out_of_contract_range").detail()).startsWith("[-inf, 60]");
    // incomes planted above the reference's maximum
    long beyond = rows.stream().filter(r -> !r[3].isEmpty() && Double.parseDouble(r[3]) >= 1e7).count();
    assertThat(q.get("income/out_of_reference_range").current())
        .isCloseTo((double) beyond / (rows.size() - incomeNulls), within(0.002));
  }

  @Test
  void performancePanelJoinsTheLatestAnswerWithTheLatestLabelAndComparesWithTheGate() {
    Panels.Performance p = scan().panels().performance();
    List<double[]> today = answers.get(DAY);
    List<double[]> labelled = today.stream().filter(a -> !Double.isNaN(a[1])).toList();
    int[] labels = labelled.stream().mapToInt(a -> (int) a[1]).toArray();
    double[] scores = labelled.stream().mapToDouble(a -> a[0]).toArray();
    BinaryPredictions expected = new BinaryPredictions(labels, scores, 0.5);

    assertThat(p.predictions()).isEqualTo(today.size());
    assertThat(p.labelled()).isEqualTo(labelled.size());
    assertThat(p.judged()).isTrue();
    assertThat(p.metric("roc_auc").value()).isEqualTo(Metric.ROC_AUC.value(expected));
    assertThat(p.metric("accuracy").value()).isEqualTo(Metric.ACCURACY.value(expected));
    assertThat(p.metric("roc_auc").baseline()).isEqualTo(0.95);
    assertThat(p.metric("roc_auc").drop()).isCloseTo(0.95 - Metric.ROC_AUC.value(expected), within(1e-12));
    assertThat(p.baselineSource()).contains("d-1");
  }

  @Test
  void kpiPanelReportsTheLevelAndItsCorrelationWithTheModelOutput() {
    Panels.Kpi k = scan().panels().kpi();
    double[] meanScore = new double[DAYS];
    for (int d = 0; d < DAYS; d++) {
      meanScore[d] = answers.get(d).stream().mapToDouble(a -> a[0]).average().orElseThrow();
    }
    assertThat(k.level()).isCloseTo(dailyRevenue[DAY], within(1e-6));
    assertThat(k.output()).isCloseTo(meanScore[DAY], within(1e-12));
    assertThat(k.correlation()).isCloseTo(LiveFigures.pearson(dailyRevenue, meanScore), within(1e-9));
    assertThat(k.correlation()).isGreaterThan(0.9);
    assertThat(k.history()).hasSize(DAYS);
  }

  @Test
  void aPerformanceDropTripsTheBudgetAndEverythingLandsInResultsAndReport() throws IOException {
    DriftSummary summary = f.scans.scan(new ScanRequest("churn", "serving", null, END));
    assertThat(summary.failures()).isEmpty();
    DriftScan scan = summary.scans().get(0);
    double drop = scan.panels().performance().metric("roc_auc").drop();
    assertThat(drop).isGreaterThanOrEqualTo(0.1);
    assertThat(summary.budgets().get(0).tripped()).extracting(BudgetOutcome.TrippedRule::rule)
        .containsExactly("performanceDrop/roc_auc");

    Map<String, Long> kinds = new LinkedHashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(f.icegate.tables().driftResults()).build()) {
      for (Record r : rows) {
        if (scan.scanId().equals(r.getField("scan_id"))) {
          kinds.merge((String) r.getField("kind"), 1L, Long::sum);
        }
      }
    }
    assertThat(kinds).containsEntry("performance", 2L).containsEntry("kpi", 1L)
        .containsEntry("quality", (long) scan.panels().quality().size());

    String html = new String(f.icegate.store().readAllBytes(ObjectKey.of(scan.reportKey())), StandardCharsets.UTF_8);
    assertThat(html).contains("id=\"quality\"", "data-check=\"unseen_categories\"", "id=\"performance\"",
        "data-metric=\"roc_auc\"", "id=\"kpi\"", "class=\"series kpi\"", "class=\"series output\"");
  }

  private static DriftScan scan() {
    try {
      GatePolicy policy = PolicyParser.parse("churn", new String(f.icegate.store().readAllBytes(
          ObjectKey.of("config/policies/churn.yaml")), StandardCharsets.UTF_8), "churn.yaml");
      return f.scanner.scan(policy, policy.monitor("serving").orElseThrow(), END, null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Blanks every 25th income, sets every 40th segment to an unseen 'z', and every 50th income to 1e7+. */
  private static String planted(String csv) {
    String[] lines = csv.split("\n");
    StringBuilder b = new StringBuilder(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      String[] c = lines[i].split(",", -1);
      if (i % 25 == 0) {
        c[3] = "";
      } else if (i % 50 == 1) {
        c[3] = String.format(Locale.ROOT, "%.2f", 1e7 + i);
      }
      if (i % 40 == 0) {
        c[5] = "z";
      }
      b.append(String.join(",", c)).append('\n');
    }
    return b.toString();
  }

  private static List<String[]> csvRows(String csv) {
    List<String[]> out = new ArrayList<>();
    String[] lines = csv.split("\n");
    for (int i = 1; i < lines.length; i++) {
      out.add(lines[i].split(",", -1));
    }
    return out;
  }

  /**
   * Eight days of churn answers. Day d's production requests score around a level that rises with
   * d, and revenue that day follows that level; on the scanned day the labels disagree with the
   * scores more often (a performance drop). Noise the scanner must ignore: a retry of each tenth
   * request with an older time, other variants and models, labels later corrected.
   */
  private static void inferenceLog() throws IOException {
    put("config/contracts/predictions.yaml", "/shadow/predictions.yaml");
    put("config/contracts/feedback.yaml", "/shadow/feedback.yaml");
    put("config/contracts/orders.yaml", null);
    Random r = new Random(5);
    StringBuilder preds = new StringBuilder("request_id,model,version,variant,ts,prediction,score,features\n");
    StringBuilder labels = new StringBuilder("request_id,label,ts\n");
    StringBuilder orders = new StringBuilder("order_id,ts,revenue\n");
    for (int d = 0; d < DAYS; d++) {
      List<double[]> day = new ArrayList<>();
      double level = 0.3 + 0.04 * d;
      double revenue = 0;
      for (int i = 0; i < 200; i++) {
        String id = "q" + d + "-" + i;
        Instant ts = DriftFixture.DAY0.plusSeconds(d * 86400L + 300L * i + 60);
        double score = Math.min(0.99, Math.max(0.01, level + 0.2 * r.nextGaussian()));
        double label = Double.NaN;
        if (i % 2 == 0) {
          boolean agree = r.nextDouble() < (d == DAY ? 0.55 : 0.9);
          label = (score >= 0.5) == agree ? 1 : 0;
          // first a wrong label, corrected an hour later
          labels.append(id).append(',').append((int) (1 - label)).append(',').append(ts.plusSeconds(60)).append('\n');
          labels.append(id).append(',').append((int) label).append(',').append(ts.plusSeconds(3660)).append('\n');
        }
        if (i % 10 == 0) {
          preds.append(id).append(",churn,1,production,").append(ts.minusSeconds(30)).append(",0,0.5,\n");
        }
        preds.append(id).append(",churn,1,production,").append(ts).append(',').append(score >= 0.5 ? 1 : 0)
            .append(',').append(String.format(Locale.ROOT, "%.6f", score)).append(",\n");
        preds.append(id).append(",churn,2,shadow,").append(ts).append(",1,0.99,\n");
        preds.append(id).append(",fraud,1,production,").append(ts).append(",1,0.99,\n");
        day.add(new double[] {Double.parseDouble(String.format(Locale.ROOT, "%.6f", score)), label});
        double amount = Math.round(100 * (50 * score + 10 * r.nextDouble())) / 100.0;
        revenue += amount;
        orders.append("o").append(d).append('-').append(i).append(',').append(ts).append(',')
            .append(String.format(Locale.ROOT, "%.2f", amount)).append('\n');
      }
      answers.add(day);
      dailyRevenue[d] = revenue;
    }
    upload("predictions", "log.csv", preds.toString());
    upload("feedback", "labels.csv", labels.toString());
    upload("orders", "orders.csv", orders.toString());
  }

  private static void put(String key, String resource) throws IOException {
    if (resource == null) {
      f.icegate.store().put(ObjectKey.of(key), """
          apiVersion: v3.1.0
          kind: DataContract
          id: urn:icegate:test:orders
          version: 1.0.0
          status: active
          schema:
            - name: orders
              properties:
                - {name: order_id, logicalType: string, required: true}
                - {name: ts, logicalType: timestamp, required: true}
                - {name: revenue, logicalType: number, required: true}
          """.getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = DriftPanelsTest.class.getResourceAsStream(resource)) {
      f.icegate.store().put(ObjectKey.of(key), in);
    }
  }

  private static String contract() throws IOException {
    try (InputStream in = DriftPanelsTest.class.getResourceAsStream("/monitor/features.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void upload(String dataset, String name, String csv) throws IOException {
    String key = "landing/" + dataset + "/" + name;
    f.icegate.store().put(ObjectKey.of(key), csv.getBytes(StandardCharsets.UTF_8));
    IngestReport report = f.icegate.ingest().apply(ObjectCreated.of(key));
    assertThat(report.status()).as("%s: %s", name, report.reasons()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(report.rowsRejected()).isZero();
    f.icegate.profileBatches().apply(ProfileRequest.after(report));
  }
}
