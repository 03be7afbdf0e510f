package io.icegate.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A gate rule for one metric with MLflow's MetricThreshold semantics, plus a bootstrap
 * non-inferiority margin. Unset criteria are null; at least one must be set.
 *
 * <p>Semantics follow mlflow/models/evaluation/validation.py (MetricThreshold.__init__ and
 * _validate, mlflow/mlflow at commit 0c2339493bb2864ef8b0d2b130d31ebdd7aee7fc):
 *
 * <ul>
 *   <li>threshold: candidate {@code >=} threshold when greater is better, else {@code <=};
 *   <li>min_absolute_change (> 0): candidate {@code >=} baseline + change, else
 *       {@code <=} baseline - change, the sum rounded as a double before the exact comparison;
 *   <li>min_relative_change (in [0, 1]): fails when (candidate - baseline) / baseline, or
 *       (baseline - candidate) / baseline when lower is better, is below it; a baseline of
 *       exactly 0 falls back to candidate {@code >=} 0 + 1e-10 (else {@code <=} 0 - 1e-10). As in
 *       MLflow the division keeps the baseline's sign, so with a negative baseline (r2) an
 *       improvement has a negative relative change;
 *   <li>without a baseline the threshold is still checked and each change criterion fails. MLflow
 *       only flags the missing baseline for a truthy change, and so raises a TypeError for
 *       min_relative_change = 0.0 without a baseline; here that check fails like the others.
 * </ul>
 *
 * @param metric the metric's name, for messages
 * @param threshold absolute bound on the candidate's value, or null
 * @param minAbsoluteChange required improvement over the baseline, positive, or null
 * @param minRelativeChange required improvement as a fraction of the baseline, or null
 * @param greaterIsBetter direction of improvement
 * @param nonInferiorityMargin icegate's addition: the paired bootstrap interval of candidate minus
 *     baseline must have its lower bound {@code >= -margin} (upper bound {@code <= margin} when
 *     lower is better), i.e. "not worse than the baseline by more than margin"; or null
 */
public record MetricThreshold(
    String metric,
    Double threshold,
    Double minAbsoluteChange,
    Double minRelativeChange,
    boolean greaterIsBetter,
    Double nonInferiorityMargin) {

  /** MLflow's stand-in for "strictly better" when the baseline is 0. */
  static final double ZERO_BASELINE_DELTA = 1e-10;

  public MetricThreshold {
    if (metric == null || metric.isBlank()) {
      throw new MetricException("a metric threshold needs the metric's name");
    }
    if (threshold != null && !Double.isFinite(threshold)) {
      throw invalid(metric, "threshold must be a finite number: " + threshold);
    }
    if (minAbsoluteChange != null
        && !(minAbsoluteChange > 0 && Double.isFinite(minAbsoluteChange))) {
      throw invalid(metric, "min_absolute_change must be a positive number: " + minAbsoluteChange);
    }
    if (minRelativeChange != null && !(minRelativeChange >= 0 && minRelativeChange <= 1)) {
      throw invalid(metric, "min_relative_change must be between 0 and 1: " + minRelativeChange);
    }
    if (nonInferiorityMargin != null
        && !(nonInferiorityMargin >= 0 && Double.isFinite(nonInferiorityMargin))) {
      throw invalid(metric,
          "non_inferiority_margin must be a finite number >= 0: " + nonInferiorityMargin);
    }
    if (threshold == null && minAbsoluteChange == null && minRelativeChange == null
        && nonInferiorityMargin == null) {
      throw invalid(metric, "no threshold was specified");
    }
  }

  /** A rule for a built-in metric, taking greater_is_better from it. */
  public static MetricThreshold of(Metric metric, Double threshold, Double minAbsoluteChange,
      Double minRelativeChange, Double nonInferiorityMargin) {
    return new MetricThreshold(metric.metricName(), threshold, minAbsoluteChange,
        minRelativeChange, metric.greaterIsBetter(), nonInferiorityMargin);
  }

  /** The MLflow criteria; a rule with a non-inferiority margin needs the 3-argument form. */
  public ThresholdResult evaluate(double candidate, Double baseline) {
    return evaluate(candidate, baseline, null);
  }

  /**
   * Evaluates every criterion that is set.
   *
   * @param candidate the candidate's metric value
   * @param baseline the baseline's value on the same evaluation set, or null if there is none
   * @param difference the paired bootstrap interval of candidate - baseline for this metric; needed
   *     when there is a baseline and a non-inferiority margin, ignored otherwise
   */
  public ThresholdResult evaluate(double candidate, Double baseline, BootstrapResult difference) {
    if (!Double.isFinite(candidate) || (baseline != null && !Double.isFinite(baseline))) {
      throw new MetricException(String.format(Locale.ROOT,
          "%s values must be finite numbers: candidate %s, baseline %s",
          metric, candidate, baseline));
    }
    List<ThresholdResult.Check> checks = new ArrayList<>();
    if (threshold != null) {
      checks.add(thresholdCheck(candidate));
    }
    if (minAbsoluteChange != null) {
      checks.add(baseline == null ? missingBaseline(ThresholdResult.Criterion.MIN_ABSOLUTE_CHANGE)
          : absoluteCheck(candidate, baseline));
    }
    if (minRelativeChange != null) {
      checks.add(baseline == null ? missingBaseline(ThresholdResult.Criterion.MIN_RELATIVE_CHANGE)
          : relativeCheck(candidate, baseline));
    }
    if (nonInferiorityMargin != null) {
      checks.add(baseline == null ? missingBaseline(ThresholdResult.Criterion.NON_INFERIORITY)
          : nonInferiorityCheck(difference));
    }
    return new ThresholdResult(metric, candidate, baseline, checks);
  }

  private boolean better(double value, double bound) {
    return greaterIsBetter ? value >= bound : value <= bound;
  }

  private String direction() {
    return greaterIsBetter ? "higher is better" : "lower is better";
  }

  private ThresholdResult.Check thresholdCheck(double candidate) {
    boolean ok = better(candidate, threshold);
    return new ThresholdResult.Check(ThresholdResult.Criterion.THRESHOLD, ok, ok
        ? String.format(Locale.ROOT, "%s = %s meets the threshold %s (%s).",
            metric, candidate, threshold, direction())
        : String.format(Locale.ROOT, "Metric %s value threshold check failed: candidate model "
            + "%s = %s, %s threshold = %s (%s).",
            metric, metric, candidate, metric, threshold, direction()));
  }

  private ThresholdResult.Check absoluteCheck(double candidate, double baseline) {
    double bound = greaterIsBetter ? baseline + minAbsoluteChange : baseline - minAbsoluteChange;
    boolean ok = better(candidate, bound);
    return new ThresholdResult.Check(ThresholdResult.Criterion.MIN_ABSOLUTE_CHANGE, ok,
        String.format(Locale.ROOT, "Metric %s minimum absolute change check %s: candidate model "
            + "%s = %s, baseline model %s = %s, %s minimum absolute change threshold = %s "
            + "(needs %s %s).", metric, ok ? "passed" : "failed", metric, candidate, metric,
            baseline, metric, minAbsoluteChange, greaterIsBetter ? ">=" : "<=", bound));
  }

  private ThresholdResult.Check relativeCheck(double candidate, double baseline) {
    boolean ok;
    String detail;
    if (baseline == 0) {
      // MLflow: relative change is undefined, so just require a strictly better candidate
      double bound = greaterIsBetter ? ZERO_BASELINE_DELTA : -ZERO_BASELINE_DELTA;
      ok = better(candidate, bound);
      detail = String.format(Locale.ROOT, "baseline is 0, so the candidate must be %s %s",
          greaterIsBetter ? ">=" : "<=", bound);
    } else {
      double change = (greaterIsBetter ? candidate - baseline : baseline - candidate) / baseline;
      ok = !(change < minRelativeChange);
      detail = "relative change " + change;
    }
    return new ThresholdResult.Check(ThresholdResult.Criterion.MIN_RELATIVE_CHANGE, ok,
        String.format(Locale.ROOT, "Metric %s minimum relative change check %s: candidate model "
            + "%s = %s, baseline model %s = %s, %s minimum relative change threshold = %s (%s).",
            metric, ok ? "passed" : "failed", metric, candidate, metric, baseline, metric,
            minRelativeChange, detail));
  }

  private ThresholdResult.Check nonInferiorityCheck(BootstrapResult d) {
    if (d == null || !d.paired() || !d.metric().metricName().equals(metric)) {
      throw new IllegalArgumentException(
          "the non-inferiority margin of " + metric + " needs the paired bootstrap interval of "
              + metric + ", got " + d);
    }
    double margin = nonInferiorityMargin;
    boolean ok = greaterIsBetter ? d.lower() >= -margin : d.upper() <= margin;
    String bound = greaterIsBetter
        ? String.format(Locale.ROOT, "lower bound %s %s -%s", d.lower(), ok ? ">=" : "<", margin)
        : String.format(Locale.ROOT, "upper bound %s %s %s", d.upper(), ok ? "<=" : ">", margin);
    return new ThresholdResult.Check(ThresholdResult.Criterion.NON_INFERIORITY, ok,
        String.format(Locale.ROOT, "Metric %s non-inferiority check %s: candidate - baseline = %s,"
            + " %s%% interval [%s, %s] from %d of %d bootstrap resamples (seed %d); %s, so the "
            + "candidate is %s worse than the baseline by more than %s (%s).",
            metric, ok ? "passed" : "failed", d.estimate(), percent(d.confidence()), d.lower(),
            d.upper(), d.used(), d.resamples(), d.seed(), bound, ok ? "not" : "possibly", margin,
            direction()));
  }

  private ThresholdResult.Check missingBaseline(ThresholdResult.Criterion criterion) {
    return new ThresholdResult.Check(criterion, false, String.format(Locale.ROOT,
        "Model comparison failed: there is no baseline value of %s to check the %s against.",
        metric, criterion.ruleName()));
  }

  private static String percent(double confidence) {
    String s = String.format(Locale.ROOT, "%.4f", confidence * 100);
    return s.replaceAll("\\.?0+$", "");
  }

  private static MetricException invalid(String metric, String problem) {
    return new MetricException("invalid threshold rule for " + metric + ": " + problem);
  }
}
