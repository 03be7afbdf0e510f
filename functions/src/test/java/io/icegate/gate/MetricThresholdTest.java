package io.icegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.gate.ThresholdResult.Check;
import io.icegate.gate.ThresholdResult.Criterion;
import org.junit.jupiter.api.Test;

/**
 * MLflow MetricThreshold semantics (mlflow/models/evaluation/validation.py, _validate) case by
 * case, and the bootstrap non-inferiority criterion.
 */
class MetricThresholdTest {

  private static MetricThreshold higher(Double threshold, Double abs, Double rel) {
    return new MetricThreshold("roc_auc", threshold, abs, rel, true, null);
  }

  private static MetricThreshold lower(Double threshold, Double abs, Double rel) {
    return new MetricThreshold("log_loss", threshold, abs, rel, false, null);
  }

  @Test
  void thresholdIsInclusiveInTheBetterDirection() {
    assertThat(higher(0.8, null, null).evaluate(0.8, null).passed()).isTrue();
    assertThat(higher(0.8, null, null).evaluate(0.79, null).passed()).isFalse();
    assertThat(lower(0.3, null, null).evaluate(0.3, null).passed()).isTrue();
    assertThat(lower(0.3, null, null).evaluate(0.31, null).passed()).isFalse();
    ThresholdResult r = higher(0.8, null, null).evaluate(0.75, null);
    assertThat(r.checks()).extracting(Check::criterion).containsExactly(Criterion.THRESHOLD);
    assertThat(r.explanation()).isEqualTo("Metric roc_auc value threshold check failed: "
        + "candidate model roc_auc = 0.75, roc_auc threshold = 0.8 (higher is better).");
  }

  @Test
  void absoluteChangeAddsToTheBaselineAsADouble() {
    MetricThreshold up = higher(null, 0.05, null);
    assertThat(up.evaluate(0.86, 0.8).passed()).isTrue();
    // MLflow compares Decimal(candidate) >= Decimal(baseline + change), the sum rounded as a
    // float first: 0.8 + 0.05 = 0.8500000000000001, so 0.85 fails there and here
    assertThat(up.evaluate(0.85, 0.8).passed()).isFalse();
    assertThat(up.evaluate(0.8500000000000001, 0.8).passed()).isTrue();
    assertThat(new MetricThreshold("m", null, 0.2, null, true, null).evaluate(0.3, 0.1).passed())
        .isFalse(); // 0.1 + 0.2 = 0.30000000000000004
    MetricThreshold down = lower(null, 0.05, null);
    assertThat(down.evaluate(0.25, 0.3).passed()).isTrue();
    assertThat(down.evaluate(0.26, 0.3).passed()).isFalse();
    assertThat(down.evaluate(0.26, 0.3).explanation()).startsWith("Metric log_loss minimum "
        + "absolute change check failed: candidate model log_loss = 0.26, baseline model "
        + "log_loss = 0.3, log_loss minimum absolute change threshold = 0.05");
  }

  @Test
  void relativeChangeIsAFractionOfTheBaseline() {
    MetricThreshold up = higher(null, null, 0.1);
    assertThat(up.evaluate(0.9, 0.8).passed()).isTrue(); // +12.5%
    // (0.88 - 0.8) / 0.8 = 0.09999999999999995 in floating point, below 0.1 as in MLflow
    assertThat(up.evaluate(0.88, 0.8).passed()).isFalse();
    MetricThreshold down = lower(null, null, 0.1);
    assertThat(down.evaluate(0.24, 0.3).passed()).isTrue(); // (0.3 - 0.24) / 0.3 = 0.2
    assertThat(down.evaluate(0.28, 0.3).passed()).isFalse();
    assertThat(down.evaluate(0.28, 0.3).explanation()).isEqualTo("Metric log_loss minimum "
        + "relative change check failed: candidate model log_loss = 0.28, baseline model "
        + "log_loss = 0.3, log_loss minimum relative change threshold = 0.1 (relative change "
        + "0.06666666666666654).");
    // 0.0 requires no worsening at all
    assertThat(higher(null, null, 0.0).evaluate(0.8, 0.8).passed()).isTrue();
    assertThat(higher(null, null, 0.0).evaluate(0.7999, 0.8).passed()).isFalse();
  }

  @Test
  void zeroBaselineFallsBackToStrictlyBetterBy1e10() {
    MetricThreshold up = new MetricThreshold("r2", null, null, 0.5, true, null);
    assertThat(up.evaluate(1e-10, 0.0).passed()).isTrue();
    assertThat(up.evaluate(0.9e-10, 0.0).passed()).isFalse();
    assertThat(up.evaluate(0.0, 0.0).passed()).isFalse();
    // the relative size asked for plays no part: a tiny improvement passes a 50% rule
    assertThat(up.evaluate(0.001, 0.0).passed()).isTrue();
    MetricThreshold down = new MetricThreshold("mae", null, null, 0.5, false, null);
    assertThat(down.evaluate(-1e-10, 0.0).passed()).isTrue();
    assertThat(down.evaluate(0.0, 0.0).passed()).isFalse();
    assertThat(down.evaluate(0.0, 0.0).explanation()).contains(
        "baseline is 0, so the candidate must be <= -1.0E-10");
    // -0.0 == 0 in Python too
    assertThat(up.evaluate(1e-10, -0.0).passed()).isTrue();
  }

  @Test
  void negativeBaselineKeepsMlflowSignQuirk() {
    // (candidate - baseline) / baseline with baseline < 0: an r2 improvement from -0.5 to -0.4
    // is a relative change of -0.2, which fails a 10% rule exactly as in MLflow
    MetricThreshold up = new MetricThreshold("r2", null, null, 0.1, true, null);
    assertThat(up.evaluate(-0.4, -0.5).passed()).isFalse();
    assertThat(up.evaluate(-0.6, -0.5).passed()).isTrue();
  }

  @Test
  void missingBaselineFailsEveryComparisonButStillChecksTheThreshold() {
    MetricThreshold rule = higher(0.7, 0.01, 0.0);
    ThresholdResult r = rule.evaluate(0.9, null);
    assertThat(r.passed()).isFalse();
    assertThat(r.baseline()).isNull();
    assertThat(r.checks()).extracting(Check::criterion, Check::passed).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Criterion.THRESHOLD, true),
        org.assertj.core.groups.Tuple.tuple(Criterion.MIN_ABSOLUTE_CHANGE, false),
        org.assertj.core.groups.Tuple.tuple(Criterion.MIN_RELATIVE_CHANGE, false));
    assertThat(r.explanation()).isEqualTo("""
        Model comparison failed: there is no baseline value of roc_auc to check the \
        min_absolute_change against.
        Model comparison failed: there is no baseline value of roc_auc to check the \
        min_relative_change against.
        roc_auc = 0.9 meets the threshold 0.7 (higher is better).""");
    // a threshold-only rule passes without a baseline
    assertThat(higher(0.7, null, null).evaluate(0.9, null).passed()).isTrue();
  }

  @Test
  void rulesAreValidatedLikeMlflow() {
    assertThatThrownBy(() -> higher(null, null, null))
        .isInstanceOf(MetricException.class)
        .hasMessage("invalid threshold rule for roc_auc: no threshold was specified");
    assertThatThrownBy(() -> higher(null, 0.0, null))
        .hasMessage("invalid threshold rule for roc_auc: min_absolute_change must be a positive "
            + "number: 0.0");
    assertThatThrownBy(() -> higher(null, null, 1.5))
        .hasMessage("invalid threshold rule for roc_auc: min_relative_change must be between 0 "
            + "and 1: 1.5");
    assertThatThrownBy(() -> higher(Double.NaN, null, null))
        .hasMessageContaining("threshold must be a finite number");
    assertThatThrownBy(() -> new MetricThreshold("f1", null, null, null, true, -0.01))
        .hasMessageContaining("non_inferiority_margin must be a finite number >= 0");
    assertThat(MetricThreshold.of(Metric.RMSE, 3.0, null, null, null).greaterIsBetter())
        .isFalse();
  }

  @Test
  void nonInferiorityUsesTheBoundOnTheWorseSide() {
    MetricThreshold up = new MetricThreshold("roc_auc", null, null, null, true, 0.01);
    assertThat(up.evaluate(0.80, 0.81, interval(Metric.ROC_AUC, -0.0099, 0.02)).passed()).isTrue();
    assertThat(up.evaluate(0.80, 0.81, interval(Metric.ROC_AUC, -0.01, 0.02)).passed()).isTrue();
    ThresholdResult worse = up.evaluate(0.80, 0.81, interval(Metric.ROC_AUC, -0.0101, 0.02));
    assertThat(worse.passed()).isFalse();
    assertThat(worse.explanation()).isEqualTo("Metric roc_auc non-inferiority check failed: "
        + "candidate - baseline = -0.01, 95% interval [-0.0101, 0.02] from 998 of 1000 "
        + "bootstrap resamples (seed 42); lower bound -0.0101 < -0.01, so the candidate is "
        + "possibly worse than the baseline by more than 0.01 (higher is better).");
    MetricThreshold down = new MetricThreshold("log_loss", null, null, null, false, 0.02);
    assertThat(down.evaluate(0.3, 0.29, interval(Metric.LOG_LOSS, -0.05, 0.019)).passed()).isTrue();
    assertThat(down.evaluate(0.3, 0.29, interval(Metric.LOG_LOSS, -0.05, 0.021)).passed())
        .isFalse();
    // margin 0: the interval must exclude "worse" entirely
    MetricThreshold strict = new MetricThreshold("roc_auc", null, null, null, true, 0.0);
    assertThat(strict.evaluate(0.9, 0.8, interval(Metric.ROC_AUC, 0.0, 0.2)).passed()).isTrue();
    assertThat(strict.evaluate(0.9, 0.8, interval(Metric.ROC_AUC, -1e-9, 0.2)).passed()).isFalse();
    // without a baseline there is nothing to be non-inferior to
    assertThat(up.evaluate(0.9, null).passed()).isFalse();
    // a margin needs the interval of the same metric
    assertThatThrownBy(() -> up.evaluate(0.9, 0.8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> up.evaluate(0.9, 0.8, interval(Metric.F1, 0, 0.1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nonInferiorityOnARealBootstrap() {
    int n = 400;
    int[] labels = new int[n];
    double[] same = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3 == 0 ? 1 : 0;
      same[i] = ((i * 37) % 100) / 100.0 * 0.6 + 0.4 * labels[i];
    }
    BinaryPredictions model = BinaryPredictions.of(labels, same);
    BootstrapResult d = Bootstrap.pairedDifference(Metric.ROC_AUC, model, model,
        BootstrapOptions.withSeed(1).withResamples(100));
    // a model is never worse than itself: the interval is exactly [0, 0]
    assertThat(d.lower()).isZero();
    assertThat(d.upper()).isZero();
    double auc = Metric.ROC_AUC.value(model);
    MetricThreshold rule = MetricThreshold.of(Metric.ROC_AUC, 0.5, null, null, 0.0);
    assertThat(rule.evaluate(auc, auc, d).passed()).isTrue();
  }

  private static BootstrapResult interval(Metric metric, double lower, double upper) {
    return new BootstrapResult(metric, true, -0.01, lower, upper, 0.95, 1000, 2, 42);
  }
}
