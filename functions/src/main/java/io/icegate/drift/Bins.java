package io.icegate.drift;

import java.util.List;

/**
 * Evidently's binning of one column ({@code get_binned_data}), weights not floored: numbers whose
 * reference has more than 20 distinct values fall into numpy's 'sturges' bins over both samples
 * together ({@code edges}, each bin [e_i, e_i+1), the last closed); anything else is counted by
 * value ({@code labels}).
 *
 * @param edges bin edges, ascending, one more than the shares; null when binned by value
 * @param labels the value of each bin when binned by value (numbers in Java's text form, the
 *     "other" bucket of a frequent-items sketch as {@code "(other)"}); null for edges
 * @param reference reference weight of each bin: counts for raw values, sketch weights otherwise
 * @param current current weight of each bin, like {@code reference}
 */
public record Bins(double[] edges, List<String> labels, double[] reference, double[] current) {

  /** Whether bins are value ranges rather than values. */
  public boolean histogram() {
    return edges != null;
  }

  /** Reference share of each bin. */
  public double[] referenceShares() {
    return shares(reference);
  }

  /** Current share of each bin. */
  public double[] currentShares() {
    return shares(current);
  }

  /** PSI of these bins (empty bins floored as Evidently does). */
  public double psi() {
    return BinDistance.psi(reference, current);
  }

  /** Jensen-Shannon distance of these bins. */
  public double jensenShannon() {
    return BinDistance.jensenShannon(reference, current);
  }

  private static double[] shares(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] s = new double[weights.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = weights[i] / total;
    }
    return s;
  }
}
