package io.icegate.drift;

/**
 * The outcome of one drift test on one column.
 *
 * @param method the test that ran
 * @param score what the threshold is compared with: the p-value for KS, chi-square and Z, the
 *     distance for Wasserstein, Jensen-Shannon and PSI (Evidently's drift_score)
 * @param statistic the test statistic: KS D, the chi-square sum, z, or the distance itself
 * @param threshold the threshold applied
 * @param drifted whether the score crossed the threshold the method's way
 */
public record DriftResult(
    Method method, double score, double statistic, double threshold, boolean drifted) {

  static DriftResult of(Method method, double score, double statistic, double threshold) {
    return new DriftResult(method, score, statistic, threshold, method.drifted(score, threshold));
  }
}
