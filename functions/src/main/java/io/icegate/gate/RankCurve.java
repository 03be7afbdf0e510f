package io.icegate.gate;

import java.util.Locale;

/**
 * roc_auc and average_precision as sklearn computes them from _binary_clf_curve: rows sorted by
 * descending score, one curve point per distinct score (ties share a point), zero-weight rows
 * dropped.
 *
 * <p>With integer weights every cumulative count is an integer, so ROC AUC is evaluated as the
 * exact trapezoid sum {@code sum(fpG * (2 tpBefore + tpG)) / (2 P N)} over tie groups G with one
 * rounding at the end (exact below 2^53), rather than from normalised rates as sklearn does; the
 * two agree to a few ulps.
 */
final class RankCurve extends Prepared {

  private static final int ROW = (1 << 30) - 1;
  private static final int POSITIVE = 1 << 30;
  private static final int GROUP_END = 1 << 31;

  /**
   * Per rank (descending score): the row index, whether its label is 1, and whether it is the
   * last row of its tie group; one sequential array keeps a resample to one gather per row.
   */
  private final int[] ranked;

  RankCurve(Metric metric, BinaryPredictions p) {
    super(metric, p.rows());
    if (p.rows() > ROW) {
      throw new MetricException(String.format(Locale.ROOT,
          "%s supports at most %d rows; the evaluation set has %d",
          metric.metricName(), ROW, p.rows()));
    }
    double[] s = p.scores();
    int[] order = ScoreOrder.descending(s);
    ranked = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      int row = order[i];
      boolean end = i == order.length - 1 || s[order[i + 1]] != s[row];
      ranked[i] = row | (p.labels()[row] == 1 ? POSITIVE : 0) | (end ? GROUP_END : 0);
    }
  }

  @Override
  double compute(int[] w) {
    return metric == Metric.ROC_AUC ? rocAuc(w) : averagePrecision(w);
  }

  private double rocAuc(int[] w) {
    long tp = 0;
    long fp = 0;
    long tpGroup = 0;
    long fpGroup = 0;
    double area2 = 0; // twice the area under the unnormalised (fp, tp) step curve
    for (int r : ranked) {
      long c = w[r & ROW];
      long positive = (r >>> 30) & 1;
      tpGroup += c * positive;
      fpGroup += c - c * positive;
      if (r < 0) { // GROUP_END is the sign bit
        area2 += (double) fpGroup * (2 * tp + tpGroup);
        tp += tpGroup;
        fp += fpGroup;
        tpGroup = 0;
        fpGroup = 0;
      }
    }
    if (tp == 0 || fp == 0) {
      return Double.NaN;
    }
    return area2 / (2.0 * tp * fp);
  }

  /** sklearn's step-wise AP: sum over thresholds of (recall increase) x precision there. */
  private double averagePrecision(int[] w) {
    long tp = 0;
    long fp = 0;
    long tpGroup = 0;
    long fpGroup = 0;
    double sum = 0;
    for (int r : ranked) {
      long c = w[r & ROW];
      long positive = (r >>> 30) & 1;
      tpGroup += c * positive;
      fpGroup += c - c * positive;
      if (r < 0) {
        tp += tpGroup;
        fp += fpGroup;
        if (tpGroup != 0) { // then tp + fp > 0
          sum += tpGroup * ((double) tp / (tp + fp));
        }
        tpGroup = 0;
        fpGroup = 0;
      }
    }
    // sklearn returns 0 with a warning when there is no positive; recall is 0/0 there
    return tp == 0 ? Double.NaN : sum / tp;
  }

  @Override
  String undefined(int[] w) {
    long pos = 0;
    long neg = 0;
    for (int r : ranked) {
      long c = w[r & ROW];
      if ((r & POSITIVE) != 0) {
        pos += c;
      } else {
        neg += c;
      }
    }
    if (pos + neg == 0) {
      return noRows();
    }
    if (metric == Metric.ROC_AUC) {
      return String.format(Locale.ROOT,
          "roc_auc needs both classes in the labels; the evaluation set has only class %d (n=%d)",
          pos > 0 ? 1 : 0, pos + neg);
    }
    return String.format(Locale.ROOT,
        "average_precision needs at least one positive label (class 1); the evaluation set has "
            + "only class 0 (n=%d)", neg);
  }
}
