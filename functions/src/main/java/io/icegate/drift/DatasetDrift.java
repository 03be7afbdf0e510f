package io.icegate.drift;

import java.util.Collection;

/**
 * Dataset drift as Evidently's DatasetDriftMetric decides it: drift when the share of drifted
 * columns is at least {@code driftShare}.
 *
 * @param columns columns tested
 * @param driftedColumns columns that drifted
 * @param share driftedColumns / columns
 * @param driftShare the share at which the dataset drifts (default 0.5)
 * @param drifted whether share >= driftShare
 */
public record DatasetDrift(
    int columns, int driftedColumns, double share, double driftShare, boolean drifted) {

  /** Evidently's default drift_share. */
  public static final double DEFAULT_DRIFT_SHARE = 0.5;

  /** Dataset drift of the column results at {@code driftShare}. */
  public static DatasetDrift of(Collection<DriftResult> results, double driftShare) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("dataset drift needs at least one column result");
    }
    if (!(driftShare > 0 && driftShare <= 1)) {
      throw new IllegalArgumentException("driftShare must be in (0, 1], got " + driftShare);
    }
    int drifted = (int) results.stream().filter(DriftResult::drifted).count();
    double share = (double) drifted / results.size();
    return new DatasetDrift(results.size(), drifted, share, driftShare, share >= driftShare);
  }

  /** Dataset drift of the column results at the default share 0.5. */
  public static DatasetDrift of(Collection<DriftResult> results) {
    return of(results, DEFAULT_DRIFT_SHARE);
  }
}
