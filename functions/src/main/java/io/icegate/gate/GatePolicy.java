package io.icegate.gate;

import io.icegate.monitor.Monitor;
import io.icegate.notify.NotifyPolicy;
import io.icegate.shadow.ShadowPolicy;
import java.util.List;

/**
 * What a model version must show before an alias may point at it, read from
 * {@code config/policies/<model>.yaml}. Requests cannot change it; decisions record its version.
 *
 * @param model the model the policy governs (the file name)
 * @param version the policy's own version, recorded in every decision
 * @param task binary, multiclass or regression
 * @param evaluation how predictions meet labels
 * @param metrics the metric rules, MLflow MetricThreshold style
 * @param slices per-slice minimums and regressions
 * @param bootstrap resampling of the paired confidence intervals
 * @param promotion which evidence promotion needs
 * @param shadow limits of the shadow/canary comparison, or null when the policy has none
 * @param owners who is told about decisions
 * @param notifications alert channels and the retrain trigger ({@link NotifyPolicy#NONE} when absent)
 * @param monitors the drift monitors, empty when the policy has none
 */
public record GatePolicy(
    String model,
    String version,
    Task task,
    Evaluation evaluation,
    List<MetricRule> metrics,
    List<SliceRule> slices,
    Resampling bootstrap,
    Promotion promotion,
    ShadowPolicy shadow,
    List<String> owners,
    NotifyPolicy notifications,
    List<Monitor> monitors) {

  /** The monitor named {@code name}, if the policy has one. */
  public java.util.Optional<Monitor> monitor(String name) {
    return monitors.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * How predictions meet labels.
   *
   * @param id join key between the predictions file and the evaluation dataset
   * @param label label column of the evaluation dataset
   * @param positive binary: label value of the positive class as text, or null for 1/true
   * @param threshold binary: a score at or above it predicts the positive class
   * @param minSamples fewest evaluation rows a decision may rest on
   * @param baselineAlias alias whose target is the baseline
   */
  public record Evaluation(String id, String label, String positive, double threshold, int minSamples,
      String baselineAlias) {}

  /**
   * One metric's rule; null fields are not checked.
   *
   * @param metric metric name, e.g. {@code roc_auc}
   * @param threshold absolute bound the candidate must reach
   * @param minAbsoluteChange least improvement over the baseline
   * @param minRelativeChange least relative improvement over the baseline (0..1)
   * @param greaterIsBetter direction, or null for the metric's own
   * @param nonInferiorityMargin the paired bootstrap interval of candidate minus baseline must not
   *     reach below minus this margin (mirrored when smaller is better)
   */
  public record MetricRule(String metric, Double threshold, Double minAbsoluteChange, Double minRelativeChange,
      Boolean greaterIsBetter, Double nonInferiorityMargin) {}

  /**
   * A rule on each value of a column of the evaluation dataset.
   *
   * @param column the slicing column
   * @param metric metric name
   * @param minimum bound every slice must reach (a maximum when smaller is better), or null
   * @param maxRegression largest allowed worsening against the baseline on any slice, or null
   * @param minSamples slices with fewer rows are reported but not judged
   */
  public record SliceRule(String column, String metric, Double minimum, Double maxRegression, int minSamples) {}

  /** Bootstrap settings: resamples, two-sided confidence and the seed that makes runs repeatable. */
  public record Resampling(int resamples, double confidence, long seed) {}

  /**
   * Evidence promotion needs.
   *
   * @param requireGate a passing gate decision under this policy version
   * @param requireShadow a passing shadow/canary comparison of the version
   */
  public record Promotion(boolean requireGate, boolean requireShadow) {}
}
