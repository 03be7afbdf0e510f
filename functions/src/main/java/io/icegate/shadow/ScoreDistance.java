package io.icegate.shadow;

import io.icegate.drift.BinDistance;

/**
 * Distances between two score distributions binned at the baseline's deciles: PSI (empty bins
 * floored) and Jensen-Shannon distance as Evidently computes them, by {@link BinDistance}.
 */
public final class ScoreDistance {

  /** Quantiles of the baseline scores that cut the bins: 0.1 .. 0.9, so 10 bins unless they tie. */
  public static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

  private ScoreDistance() {}

  /** PSI of the variant's bin counts against the baseline's (same bins, same order). */
  public static double psi(long[] baseline, long[] variant) {
    return BinDistance.psi(weights(baseline), weights(variant));
  }

  /** Jensen-Shannon distance (natural log) between the two bin counts. */
  public static double js(long[] baseline, long[] variant) {
    return BinDistance.jensenShannon(weights(baseline), weights(variant));
  }

  private static double[] weights(long[] counts) {
    double[] w = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] < 0) {
        throw new IllegalArgumentException("negative bin count " + counts[k]);
      }
      w[k] = counts[k];
    }
    return w;
  }
}
