package io.icegate.gate;

import java.util.Locale;

/**
 * r2 as sklearn 1.2.1 r2_score with force_finite=True: 1 - SSres / SStot, where a constant
 * target (SStot = 0) gives 1.0 for perfect predictions and 0.0 otherwise. Constancy is decided
 * on the values themselves, so a rounding residue in the weighted mean of a constant target
 * cannot turn SStot into a tiny positive number (sklearn can, and then returns a huge negative).
 */
final class RSquared extends Prepared {

  private final double[] actual;
  private final double[] squaredError;

  RSquared(RegressionPredictions p) {
    super(Metric.R2, p.rows());
    actual = p.actual();
    squaredError = WeightedMean.squaredError(p);
  }

  @Override
  double compute(int[] w) {
    long total = 0;
    double weightedSum = 0;
    double residual = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < actual.length; i++) {
      int c = w[i];
      if (c != 0) {
        total += c;
        weightedSum += c * actual[i];
        residual += c * squaredError[i];
        min = Math.min(min, actual[i]);
        max = Math.max(max, actual[i]);
      }
    }
    if (total < 2) {
      return Double.NaN; // sklearn: not well-defined with less than two samples
    }
    double total2 = 0;
    if (min != max) {
      double mean = weightedSum / total;
      for (int i = 0; i < actual.length; i++) {
        double d = actual[i] - mean;
        total2 += w[i] * (d * d);
      }
    }
    if (residual == 0) {
      return 1.0;
    }
    return total2 == 0 ? 0.0 : 1 - residual / total2;
  }

  @Override
  String undefined(int[] w) {
    long total = total(w);
    return total == 0 ? noRows() : String.format(Locale.ROOT,
        "r2 needs at least two rows; the evaluation set has %d", total);
  }
}
