package io.icegate.gate;

/**
 * A percentile bootstrap interval of one metric, or of candidate minus baseline when paired.
 *
 * @param metric the metric
 * @param paired true for metric(candidate) - metric(baseline) on the same resampled rows
 * @param estimate the value on the evaluation set itself (the difference when paired); may differ
 *     from {@link Metric#value} in the last bits, as binary rows are summed in score order
 * @param lower the (1 - confidence) / 2 quantile of the resampled values
 * @param upper the (1 + confidence) / 2 quantile of the resampled values
 * @param confidence the interval's level
 * @param resamples resamples drawn
 * @param skipped resamples left out because the metric was undefined on them (e.g. one class)
 * @param seed the seed that reproduces this result bit for bit
 */
public record BootstrapResult(
    Metric metric,
    boolean paired,
    double estimate,
    double lower,
    double upper,
    double confidence,
    int resamples,
    int skipped,
    long seed) {

  /** Resamples the interval is computed from. */
  public int used() {
    return resamples - skipped;
  }
}
