package io.icegate.monitor;

import io.icegate.drift.Bins;
import io.icegate.drift.DriftResult;
import io.icegate.drift.FeatureType;

/**
 * One column's drift test in a scan.
 *
 * @param column the column name
 * @param type numerical or categorical
 * @param result the test, its score and verdict
 * @param referenceCount non-null reference values tested
 * @param currentCount non-null current values tested
 * @param bins Evidently's bins of both sides, as the report plots them
 */
public record ColumnDrift(String column, FeatureType type, DriftResult result, long referenceCount,
    long currentCount, Bins bins) {

  /**
   * How far the score is past (above 1) or short of (below 1) its threshold, on one scale for
   * p-values and distances, so columns sort by drift: threshold / p-value for tests, distance /
   * threshold for distances.
   */
  public double severity() {
    double score = result.score();
    double threshold = result.threshold();
    if (result.method().pValue()) {
      return Double.isNaN(score) ? 0 : threshold / Math.max(score, Double.MIN_NORMAL);
    }
    return threshold == 0 ? (score > 0 ? Double.MAX_VALUE : 0) : score / threshold;
  }
}
