package io.icegate.shadow;

/**
 * Distances between two score distributions binned at the baseline's deciles.
 *
 * <p>Conventions, so the figures match the tools model owners already use:
 *
 * <ul>
 *   <li>PSI is {@code sum((b - v) * ln(b / v))} over bin shares, with an empty bin's share floored
 *       per side as Evidently's {@code get_binned_data} does for its {@code psi} stattest
 *       (evidently/legacy/calculations/stattests/utils.py): 0.0001, or that side's smallest
 *       non-zero share divided by 10^6 when that share is itself at most 0.0001.
 *   <li>Jensen-Shannon is scipy's {@code scipy.spatial.distance.jensenshannon(b, v)} with
 *       {@code base=None}, i.e. the natural log, as Evidently's {@code jensenshannon} stattest calls
 *       it: shares are not floored, each side is normalised to sum 1, and the result is the
 *       distance (the square root of the divergence), between 0 and sqrt(ln 2) ~ 0.8326.
 * </ul>
 */
public final class ScoreDistance {

  /** Quantiles of the baseline scores that cut the bins: 0.1 .. 0.9, so 10 bins unless they tie. */
  public static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

  private static final double FLOOR = 0.0001;

  private ScoreDistance() {}

  /** PSI of the variant's bin counts against the baseline's (same bins, same order). */
  public static double psi(long[] baseline, long[] variant) {
    sameBins(baseline, variant);
    double[] b = floorEmpty(shares(baseline));
    double[] v = floorEmpty(shares(variant));
    double sum = 0;
    for (int k = 0; k < b.length; k++) {
      sum += (b[k] - v[k]) * Math.log(b[k] / v[k]);
    }
    return sum;
  }

  /** Jensen-Shannon distance (natural log) between the two bin counts. */
  public static double js(long[] baseline, long[] variant) {
    sameBins(baseline, variant);
    // as scipy: shares normalised again, each side's relative entropy summed on its own
    double[] p = normalised(shares(baseline));
    double[] q = normalised(shares(variant));
    double left = 0;
    double right = 0;
    for (int k = 0; k < p.length; k++) {
      double m = (p[k] + q[k]) / 2;
      left += relativeEntropy(p[k], m);
      right += relativeEntropy(q[k], m);
    }
    return Math.sqrt((left + right) / 2);
  }

  private static void sameBins(long[] baseline, long[] variant) {
    if (baseline.length != variant.length) {
      throw new IllegalArgumentException(
          "bin counts differ in length: " + baseline.length + " vs " + variant.length);
    }
  }

  /** scipy.special.rel_entr for the non-negative shares used here: x ln(x/y), and 0 at x = 0. */
  private static double relativeEntropy(double x, double y) {
    return x == 0 ? 0 : x * Math.log(x / y);
  }

  private static double[] shares(long[] counts) {
    long total = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("negative bin count " + c);
      }
      total += c;
    }
    if (total == 0) {
      throw new IllegalArgumentException("no values to bin");
    }
    double[] s = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      s[k] = (double) counts[k] / total;
    }
    return s;
  }

  private static double[] normalised(double[] shares) {
    double sum = 0;
    for (double s : shares) {
      sum += s;
    }
    double[] out = new double[shares.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = shares[k] / sum;
    }
    return out;
  }

  private static double[] floorEmpty(double[] shares) {
    double smallest = Double.POSITIVE_INFINITY;
    for (double s : shares) {
      if (s > 0) {
        smallest = Math.min(smallest, s);
      }
    }
    double floor = smallest <= FLOOR ? smallest / 1e6 : FLOOR;
    double[] out = shares.clone();
    for (int k = 0; k < out.length; k++) {
      if (out[k] == 0) {
        out[k] = floor;
      }
    }
    return out;
  }
}
