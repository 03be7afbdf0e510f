package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icegate.drift.Method;
import io.icegate.gate.GatePolicy;
import io.icegate.gate.PolicyException;
import io.icegate.gate.PolicyParser;
import io.icegate.monitor.Monitor.MonitorColumn;
import io.icegate.yaml.YamlProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorReaderTest {

  private static final String GATE = """
      version: "1"
      task: binary
      evaluation: {id: customer_id, label: churned}
      metrics: [{metric: roc_auc, threshold: 0.7}]
      """;

  @Test
  void readsMonitorsAndFillsDefaults() {
    GatePolicy p = PolicyParser.parse("churn", GATE + """
        monitors:
          - name: features
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, {name: income, method: psi, threshold: 0.2}]
          - name: eu
            alias: staging
            current:
              dataset: serving
              timestampColumn: ts
              window: PT6H
              filter: {region: eu}
            reference: {dataset: training, snapshotTag: golden}
            columns: [segment]
            mode: exact
            driftShare: 0.3
        """, "churn.yaml");
    assertThat(p.monitors()).hasSize(2);
    Monitor features = p.monitor("features").orElseThrow();
    assertThat(features.alias()).isEqualTo("production");
    assertThat(features.reference()).isEqualTo(Monitor.Reference.TRAINING);
    assertThat(features.current()).isEqualTo(new Monitor.Current("serving", "ts", Duration.ofDays(1), Map.of()));
    assertThat(features.columns()).containsExactly(
        new MonitorColumn("age", null, null), new MonitorColumn("income", Method.PSI, 0.2));
    assertThat(features.mode()).isEqualTo(ScanMode.AUTO);
    assertThat(features.driftShare()).isEqualTo(0.5);
    Monitor eu = p.monitor("eu").orElseThrow();
    assertThat(eu.alias()).isEqualTo("staging");
    assertThat(eu.current().filter()).containsEntry("region", "eu");
    assertThat(eu.reference()).isEqualTo(new Monitor.Reference(false, "training", null, "golden"));
    assertThat(eu.mode()).isEqualTo(ScanMode.EXACT);
    assertThat(eu.driftShare()).isEqualTo(0.3);
    assertThat(PolicyParser.parse("churn", GATE, "churn.yaml").monitors()).isEmpty();
  }

  @Test
  void reportsEveryProblemWithItsLine() {
    List<YamlProblem> problems = problems(GATE + """
        monitors:
          - name: features
            current: {dataset: serving, timestampColum: ts, window: 1 day}
            reference: {training: true, dataset: other}
            columns: [age, {name: income, method: kl, threshold: 2}, age]
            mode: fast
            driftShare: 0
          - name: features
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            reference: {dataset: training}
            columns: []
            schedule: hourly
        """);
    assertThat(problems).extracting(YamlProblem::line, YamlProblem::message).contains(
        org.assertj.core.groups.Tuple.tuple(7, "unknown field 'timestampColum' in current; did you mean 'timestampColumn'?"),
        org.assertj.core.groups.Tuple.tuple(7, "required field 'timestampColumn' is missing"),
        org.assertj.core.groups.Tuple.tuple(7, "window must be an ISO-8601 duration such as P1D or PT6H, found '1 day'"),
        org.assertj.core.groups.Tuple.tuple(8, "'dataset' does not apply to 'training: true' (the reference is the"
            + " watched version's training snapshot)"),
        org.assertj.core.groups.Tuple.tuple(9, "unknown drift method 'kl'; known: ks, chisquare, z, wasserstein,"
            + " jensenshannon, psi"),
        org.assertj.core.groups.Tuple.tuple(9, "column 'age' is listed twice"),
        org.assertj.core.groups.Tuple.tuple(10, "unknown scan mode 'fast'; expected auto, profile or exact"),
        org.assertj.core.groups.Tuple.tuple(11, "driftShare is the share of drifted columns at which the dataset"
            + " drifts: above 0 and at most 1, found 0"),
        org.assertj.core.groups.Tuple.tuple(14, "pin the reference dataset with exactly one of 'snapshotId' and"
            + " 'snapshotTag'"),
        org.assertj.core.groups.Tuple.tuple(15, "a monitor needs at least one column to test"),
        org.assertj.core.groups.Tuple.tuple(16, "schedule must be an ISO-8601 duration such as PT1H or P1D, found"
            + " 'hourly'"));
  }

  @Test
  void refusesAThresholdOutsideItsMethodsRange() {
    assertThat(problems(GATE + """
        monitors:
          - name: m
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [{name: age, method: ks, threshold: 1.5}]
        """)).extracting(YamlProblem::line, YamlProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(8, "threshold for ks must be within [0, 1], found 1.5"));
  }

  @Test
  void readsBudgetsAndSchedules() {
    GatePolicy p = PolicyParser.parse("churn", GATE + """
        monitors:
          - name: outputs
            current: {dataset: predictions, timestampColumn: ts, window: PT1H}
            columns: [age, {name: score, method: psi}]
            schedule: PT1H
            budget:
              datasetDrift: {consecutive: 2}
              columnScore: {column: score, method: psi, atLeast: 0.2}
          - name: plain
            current: {dataset: predictions, timestampColumn: ts, window: P1D}
            columns: [age]
        """, "churn.yaml");
    Monitor outputs = p.monitors().get(0);
    assertThat(outputs.schedule()).isEqualTo(Duration.ofHours(1));
    assertThat(outputs.budget().rules()).containsExactly(new DriftBudget.DatasetDriftRule(2),
        new DriftBudget.ColumnScoreRule("score", Method.PSI, 0.2));
    assertThat(outputs.budget().history()).isEqualTo(2);
    Monitor plain = p.monitors().get(1);
    assertThat(plain.schedule()).isEqualTo(Duration.ofDays(1));
    assertThat(plain.budget()).isEqualTo(DriftBudget.NONE);
  }

  @Test
  void reportsBudgetProblemsWithTheirLines() {
    List<YamlProblem> problems = problems(GATE + """
        monitors:
          - name: m
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, {name: score, method: psi}]
            schedule: PT10S
            budget:
              datasetDrif: {consecutive: 2}
              datasetDrift: {consecutive: 0}
              performanceDrop: {metric: roc_auc, atLeast: 0.05}
              columnScore:
                - {column: age, method: psi, atLeast: 0.2}
                - {column: score, method: ks, atLeast: 0.2}
                - {column: tenure, method: psi, atLeast: 0.2}
                - {column: score, method: psi}
          - name: n
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age]
            budget: {}
        """);
    assertThat(problems).extracting(YamlProblem::line, YamlProblem::message).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(9, "schedule must be at least PT1M, found PT10S"),
        org.assertj.core.groups.Tuple.tuple(11, "unknown field 'datasetDrif' in budget; did you mean 'datasetDrift'?"),
        org.assertj.core.groups.Tuple.tuple(12, "consecutive must be at least 1, found 0"),
        org.assertj.core.groups.Tuple.tuple(13, "metric 'roc_auc' is not measured by the monitor; list it under"
            + " 'performance.metrics'"),
        org.assertj.core.groups.Tuple.tuple(15, "column 'age' is tested with the default method; give it 'method: psi'"
            + " under 'columns' so its psi score is computed"),
        org.assertj.core.groups.Tuple.tuple(16, "columnScore needs a distance method (psi, wasserstein, jensenshannon),"
            + " not the p-value test ks"),
        org.assertj.core.groups.Tuple.tuple(17, "column 'tenure' is not among the monitor's columns"),
        org.assertj.core.groups.Tuple.tuple(18, "required field 'atLeast' is missing (the score that trips the rule)"),
        org.assertj.core.groups.Tuple.tuple(22, "a budget needs at least one rule: datasetDrift, columnScore or"
            + " performanceDrop"));
  }

  @Test
  void readsPerformanceAndKpiPanelsAndTheirBudgetRule() {
    GatePolicy p = PolicyParser.parse("churn", GATE + """
        monitors:
          - name: outputs
            current: {dataset: predictions, timestampColumn: ts, window: P1D}
            columns: [score]
            performance: {metrics: [roc_auc, f1], minLabelled: 50}
            kpi: {dataset: orders, timestampColumn: ts, value: revenue}
            budget:
              performanceDrop: [{metric: roc_auc, atLeast: 0.05}, {metric: f1, atLeast: 0.1}]
        """, "churn.yaml");
    Monitor m = p.monitors().get(0);
    assertThat(m.performance()).isEqualTo(new Monitor.PerformanceSpec(List.of("roc_auc", "f1"), 50));
    assertThat(m.kpi()).isEqualTo(new Monitor.KpiSpec("revenue", "orders", "ts", "revenue", "sum", 8));
    assertThat(m.budget().rules()).containsExactly(new DriftBudget.PerformanceDropRule("roc_auc", 0.05),
        new DriftBudget.PerformanceDropRule("f1", 0.1));
  }

  @Test
  void reportsPanelProblemsWithTheirLines() {
    List<YamlProblem> problems = problems(GATE + """
        monitors:
          - name: m
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age]
            performance: {metrics: [rmse, roc_auc, roc_auc], minLabelled: 0}
            kpi: {dataset: orders, timestampColumn: ts, aggregate: median, windows: 2}
        """);
    assertThat(problems).extracting(YamlProblem::line, YamlProblem::message).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(9, "unknown binary metric 'rmse'; known: roc_auc, average_precision,"
            + " log_loss, brier_score, accuracy, precision, recall, f1"),
        org.assertj.core.groups.Tuple.tuple(9, "metric 'roc_auc' is listed twice"),
        org.assertj.core.groups.Tuple.tuple(9, "minLabelled must be at least 1, found 0"),
        org.assertj.core.groups.Tuple.tuple(10, "aggregate must be one of [avg, count, max, min, sum], found 'median'"),
        org.assertj.core.groups.Tuple.tuple(10, "required field 'value' is missing (the KPI column to median; only"
            + " 'aggregate: count' needs none)"),
        org.assertj.core.groups.Tuple.tuple(10, "windows must be within [3, 366] (a correlation needs at least three),"
            + " found 2"));
  }

  private static List<YamlProblem> problems(String yaml) {
    return catchThrowableOfType(() -> PolicyParser.parse("churn", yaml, "churn.yaml"), PolicyException.class)
        .problems();
  }
}
