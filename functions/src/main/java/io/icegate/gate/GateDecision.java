package io.icegate.gate;

import io.icegate.gate.EvaluationSet.PredictionSource;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one gate run: every metric and every check with its limit, so a reader can see why
 * without rerunning anything. Stored in {@code icegate.gate_decisions} and rendered as HTML.
 *
 * @param decisionId unique id
 * @param model the model
 * @param version the candidate version
 * @param policyVersion version of the policy the decision applied
 * @param task binary, multiclass or regression
 * @param dataset evaluation dataset
 * @param snapshotId the pinned snapshot
 * @param baselineVersion the version the baseline alias pointed at, or null without a baseline
 * @param passed whether every check passed
 * @param rows evaluation rows
 * @param metrics each metric of the policy, overall
 * @param checks each criterion, overall and per slice
 * @param candidatePredictions the candidate's predictions object
 * @param baselinePredictions the baseline's, or null
 * @param reportKey object key of the HTML report
 * @param actor principal that asked
 * @param requestId request id of the call
 * @param createdAt when
 */
public record GateDecision(
    String decisionId,
    String model,
    int version,
    String policyVersion,
    String task,
    String dataset,
    long snapshotId,
    Integer baselineVersion,
    boolean passed,
    int rows,
    List<MetricResult> metrics,
    List<Check> checks,
    PredictionSource candidatePredictions,
    PredictionSource baselinePredictions,
    String reportKey,
    String actor,
    String requestId,
    Instant createdAt) {

  /**
   * One metric of candidate and baseline, with the paired bootstrap interval of their difference.
   *
   * @param metric metric name
   * @param greaterIsBetter direction used
   * @param candidate the candidate's value
   * @param baseline the baseline's value, or null
   * @param difference interval of candidate minus baseline, or null without a baseline
   */
  public record MetricResult(String metric, boolean greaterIsBetter, double candidate, Double baseline,
      Interval difference) {}

  /**
   * A percentile bootstrap interval.
   *
   * @param lower lower bound
   * @param upper upper bound
   * @param confidence two-sided level, e.g. 0.95
   * @param resamples resamples drawn
   * @param skipped resamples where the metric was undefined (e.g. one class only)
   * @param seed the seed that reproduces it
   */
  public record Interval(double lower, double upper, double confidence, int resamples, int skipped, long seed) {}

  /**
   * One criterion.
   *
   * @param subject what was judged, e.g. {@code roc_auc} or {@code roc_auc[region=north]}
   * @param criterion threshold, min_absolute_change, min_relative_change, non_inferiority,
   *     slice_minimum, slice_max_regression or min_samples
   * @param observed the value compared
   * @param limit the bound it was compared with
   * @param passed whether it held
   * @param explanation a sentence a reviewer can read
   */
  public record Check(String subject, String criterion, Double observed, Double limit, boolean passed,
      String explanation) {}
}
