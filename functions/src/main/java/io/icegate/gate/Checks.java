package io.icegate.gate;

import java.util.Locale;

/** Input checks shared by predictions and metrics; each failure names the first bad row. */
final class Checks {

  private Checks() {}

  static void sameLength(String what, int length, String other, int otherLength) {
    if (length != otherLength) {
      throw new MetricException(String.format(Locale.ROOT,
          "%s has %d rows but %s has %d", what, length, other, otherLength));
    }
  }

  static void finite(String what, double[] xs) {
    int bad = 0;
    int first = -1;
    for (int i = 0; i < xs.length; i++) {
      if (!Double.isFinite(xs[i])) {
        bad++;
        if (first < 0) {
          first = i;
        }
      }
    }
    if (bad > 0) {
      throw new MetricException(String.format(Locale.ROOT,
          "%s contain %d NaN or infinite value%s of %d (first at row %d: %s)",
          what, bad, bad == 1 ? "" : "s", xs.length, first, xs[first]));
    }
  }

  /** Probability metrics refuse values outside [0, 1] instead of silently clipping them. */
  static void probabilities(String metric, String what, double[] xs) {
    int bad = 0;
    int first = -1;
    for (int i = 0; i < xs.length; i++) {
      if (!(xs[i] >= 0.0 && xs[i] <= 1.0)) {
        bad++;
        if (first < 0) {
          first = i;
        }
      }
    }
    if (bad > 0) {
      throw new MetricException(String.format(Locale.ROOT,
          "%s needs probabilities in [0, 1]; %d of the %d %s are outside (first at row %d: %s)",
          metric, bad, xs.length, what, first, xs[first]));
    }
  }

  static void classIndices(String what, int[] xs, int classes) {
    for (int i = 0; i < xs.length; i++) {
      if (xs[i] < 0 || xs[i] >= classes) {
        throw new MetricException(String.format(Locale.ROOT,
            "%s must be class indices in [0, %d); row %d has %d", what, classes, i, xs[i]));
      }
    }
  }

  /** Null weights stay null (all ones); others must match the rows and be non-negative. */
  static void weights(int[] weights, int rows) {
    if (weights == null) {
      return;
    }
    sameLength("weights", weights.length, "the evaluation set", rows);
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 0) {
        throw new MetricException(String.format(Locale.ROOT,
            "weights must be >= 0 (repeat counts); row %d has %d", i, weights[i]));
      }
    }
  }

  static int[] onesIfNull(int[] weights, int rows) {
    if (weights != null) {
      return weights;
    }
    int[] ones = new int[rows];
    java.util.Arrays.fill(ones, 1);
    return ones;
  }
}
