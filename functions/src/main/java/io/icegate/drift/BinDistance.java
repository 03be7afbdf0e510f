package io.icegate.drift;

/**
 * PSI and Jensen-Shannon distance between two aligned arrays of bin weights (counts or shares), the
 * part of Evidently's {@code psi} and {@code jensenshannon} stattests that follows the binning.
 *
 * <ul>
 *   <li>PSI is {@code sum((r - c) * ln(r / c))} over bin shares, with an empty bin's share floored
 *       per side as {@code get_binned_data(feel_zeroes=True)} does: 0.0001, or that side's
 *       smallest non-zero share divided by 10^6 when that share is itself at most 0.0001.
 *   <li>Jensen-Shannon is {@code scipy.spatial.distance.jensenshannon(r, c)} with the natural log:
 *       shares are not floored, each side is normalised to sum 1, and the result is the distance
 *       (the square root of the divergence), between 0 and sqrt(ln 2) ~ 0.8326.
 * </ul>
 */
public final class BinDistance {

  private static final double FLOOR = 0.0001;

  private BinDistance() {}

  /** PSI of the current bin weights against the reference's (same bins, same order). */
  public static double psi(double[] reference, double[] current) {
    sameBins(reference, current);
    double[] r = floorEmpty(shares(reference));
    double[] c = floorEmpty(shares(current));
    double sum = 0;
    for (int k = 0; k < r.length; k++) {
      sum += (r[k] - c[k]) * Math.log(r[k] / c[k]);
    }
    return sum;
  }

  /** Jensen-Shannon distance (natural log) between the two bin weights. */
  public static double jensenShannon(double[] reference, double[] current) {
    sameBins(reference, current);
    // as scipy: shares normalised again, each side's relative entropy summed on its own
    double[] p = normalised(shares(reference));
    double[] q = normalised(shares(current));
    double left = 0;
    double right = 0;
    for (int k = 0; k < p.length; k++) {
      double m = (p[k] + q[k]) / 2;
      left += relativeEntropy(p[k], m);
      right += relativeEntropy(q[k], m);
    }
    return Math.sqrt((left + right) / 2);
  }

  private static void sameBins(double[] reference, double[] current) {
    if (reference.length != current.length) {
      throw new IllegalArgumentException(
          "bin counts differ in length: " + reference.length + " vs " + current.length);
    }
  }

  /** scipy.special.rel_entr for the non-negative shares used here: x ln(x/y), and 0 at x = 0. */
  private static double relativeEntropy(double x, double y) {
    return x == 0 ? 0 : x * Math.log(x / y);
  }

  private static double[] shares(double[] weights) {
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("bin weights must be finite and >= 0, got " + w);
      }
      total += w;
    }
    if (total == 0) {
      throw new IllegalArgumentException("no values to bin");
    }
    double[] s = new double[weights.length];
    for (int k = 0; k < weights.length; k++) {
      s[k] = weights[k] / total;
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
