package io.icegate.gate;

import java.util.Locale;

/**
 * A metric bound to one model's predictions, with everything that does not depend on the row
 * weights (sort order, per-row losses) computed once, so each bootstrap resample costs one O(n)
 * pass without allocating anything large. Immutable: resamples may run on several threads.
 */
abstract class Prepared {

  final Metric metric;
  final int rows;

  Prepared(Metric metric, int rows) {
    this.metric = metric;
    this.rows = rows;
  }

  /**
   * The metric under repeat counts {@code w} (non-null, one per row, non-negative), or NaN where
   * it is undefined for these weights.
   */
  abstract double compute(int[] w);

  /** Why {@link #compute} is NaN for {@code w}, in words for the user. */
  abstract String undefined(int[] w);

  /** The metric under {@code w}, or a {@link MetricException} saying why it is undefined. */
  final double value(int[] w) {
    double v = compute(w);
    if (Double.isNaN(v)) {
      throw new MetricException(undefined(w));
    }
    return v;
  }

  /** The message for "no row counts": an empty evaluation set or all weights zero. */
  final String noRows() {
    return rows == 0
        ? metric.metricName() + " needs at least one row; the evaluation set is empty"
        : String.format(Locale.ROOT,
            "%s needs at least one row with a positive weight; all %d weights are zero",
            metric.metricName(), rows);
  }

  static long total(int[] w) {
    long s = 0;
    for (int c : w) {
      s += c;
    }
    return s;
  }
}
