package io.icegate.drift;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSketchSortedView;

/**
 * A numeric distribution as sorted distinct values with cumulative weights: raw values weigh one
 * each, a KLL sketch's retained items weigh what the sketch says. Every numeric statistic is
 * computed on this one form, so exact and sketch modes differ only in the weights.
 */
final class Ecdf {

  private final double[] values;
  private final double[] cumulative;
  private final double total;
  /** Knots of a piecewise-linear CDF for a sketch of continuous values; null otherwise. */
  private final double[] knotX;
  private final double[] knotC;

  private Ecdf(double[] values, double[] cumulative, double[] knotX, double[] knotC) {
    this.values = values;
    this.cumulative = cumulative;
    this.total = cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    this.knotX = knotX;
    this.knotC = knotC;
  }

  /** The empirical distribution of finite raw values (NaN and infinities are left out). */
  static Ecdf of(double[] raw) {
    // -0.0 becomes 0.0: numpy counts them as one value, Java's sort would not
    double[] sorted = new double[raw.length];
    int n = 0;
    for (double v : raw) {
      if (Double.isFinite(v)) {
        sorted[n++] = v + 0.0;
      }
    }
    sorted = n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    // exact scans sort millions of values per column: most of their time
    Arrays.parallelSort(sorted);
    double[] values = new double[sorted.length];
    double[] cumulative = new double[sorted.length];
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (distinct > 0 && values[distinct - 1] == sorted[i]) {
        cumulative[distinct - 1] = i + 1;
      } else {
        values[distinct] = sorted[i];
        cumulative[distinct] = i + 1;
        distinct++;
      }
    }
    return new Ecdf(Arrays.copyOf(values, distinct), Arrays.copyOf(cumulative, distinct), null,
        null);
  }

  /**
   * The empirical distribution of distinct values with their counts, as a {@code GROUP BY}
   * returns them: the same distribution as the raw values repeated, in any order. Non-finite
   * values and zero counts are left out, -0.0 joins 0.0 and repeated values add up.
   */
  static Ecdf of(double[] distinct, long[] counts) {
    if (distinct.length != counts.length) {
      throw new IllegalArgumentException(
          distinct.length + " values but " + counts.length + " counts");
    }
    double[] v = new double[distinct.length];
    long[] w = new long[distinct.length];
    int n = 0;
    boolean sorted = true;
    for (int i = 0; i < distinct.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got " + counts[i]);
      }
      if (Double.isFinite(distinct[i]) && counts[i] > 0) {
        v[n] = distinct[i] + 0.0;
        w[n] = counts[i];
        sorted &= n == 0 || v[n - 1] <= v[n];
        n++;
      }
    }
    if (!sorted) {
      // the query orders them; this is for callers that do not
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      double[] byValue = v;
      Arrays.sort(order, (a, b) -> Double.compare(byValue[a], byValue[b]));
      double[] sv = new double[n];
      long[] sw = new long[n];
      for (int i = 0; i < n; i++) {
        sv[i] = v[order[i]];
        sw[i] = w[order[i]];
      }
      v = sv;
      w = sw;
    }
    double[] values = new double[n];
    double[] cumulative = new double[n];
    int k = 0;
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += w[i];
      if (k == 0 || values[k - 1] != v[i]) {
        values[k++] = v[i];
      }
      cumulative[k - 1] = sum;
    }
    return new Ecdf(Arrays.copyOf(values, k), Arrays.copyOf(cumulative, k), null, null);
  }

  /**
   * The distribution a KLL sketch estimates: its sorted view, repeated items merged. With {@code
   * continuous}, bins also read a piecewise-linear CDF through each retained item at the middle of
   * its weight, anchored at the exact min and max: in a sparse tail one retained item stands for
   * hundreds of values spread up to its neighbours, and putting its whole weight in the one bin
   * it falls in is what makes tail bins, and so PSI and Jensen-Shannon, wrong.
   */
  static Ecdf of(KllDoublesSketch sketch, boolean continuous) {
    if (sketch.isEmpty()) {
      return new Ecdf(new double[0], new double[0], null, null);
    }
    DoublesSketchSortedView view = sketch.getSortedView();
    double[] items = view.getQuantiles();
    long[] weights = view.getCumulativeWeights();
    double[] values = new double[items.length];
    double[] cumulative = new double[items.length];
    int distinct = 0;
    for (int i = 0; i < items.length; i++) {
      if (distinct > 0 && values[distinct - 1] == items[i]) {
        cumulative[distinct - 1] = weights[i];
      } else {
        values[distinct] = items[i];
        cumulative[distinct] = weights[i];
        distinct++;
      }
    }
    values = Arrays.copyOf(values, distinct);
    cumulative = Arrays.copyOf(cumulative, distinct);
    if (!continuous) {
      return new Ecdf(values, cumulative, null, null);
    }
    double min = sketch.getMinItem();
    double max = sketch.getMaxItem();
    double[] kx = new double[distinct + 2];
    double[] kc = new double[distinct + 2];
    kx[0] = min;
    int k = 1;
    for (int i = 0; i < distinct; i++) {
      if (values[i] > min && values[i] < max) {
        double weight = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        kx[k] = values[i];
        kc[k] = cumulative[i] - weight / 2;
        k++;
      }
    }
    kx[k] = max;
    kc[k] = cumulative[distinct - 1];
    return new Ecdf(values, cumulative, Arrays.copyOf(kx, k + 1), Arrays.copyOf(kc, k + 1));
  }

  /**
   * np.histogram(values, edges): the weight in each bin [e_i, e_i+1), the last bin closed, read
   * off the piecewise-linear CDF where this is a sketch of continuous values.
   */
  double[] histogram(double[] edges) {
    int bins = edges.length - 1;
    double[] weights = new double[bins];
    double lower = knotX == null ? below(edges[0]) : smooth(edges[0]);
    for (int i = 0; i < bins; i++) {
      double upper;
      if (knotX == null) {
        upper = i == bins - 1 ? atOrBelow(edges[bins]) : below(edges[i + 1]);
      } else {
        upper = i == bins - 1 && edges[bins] >= knotX[knotX.length - 1]
            ? total : smooth(edges[i + 1]);
      }
      weights[i] = upper - lower;
      lower = upper;
    }
    return weights;
  }

  /** The piecewise-linear CDF (as a weight) at x. */
  private double smooth(double x) {
    if (x <= knotX[0]) {
      return 0;
    }
    int last = knotX.length - 1;
    if (x >= knotX[last]) {
      return total;
    }
    int lo = 0;
    int hi = last;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (knotX[mid] <= x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double f = (x - knotX[lo]) / (knotX[hi] - knotX[lo]);
    return knotC[lo] + f * (knotC[hi] - knotC[lo]);
  }

  boolean isEmpty() {
    return values.length == 0;
  }

  /** Distinct values, ascending. */
  double[] values() {
    return values.clone();
  }

  /** Weight of each distinct value, in the order of {@link #values()}. */
  double[] weights() {
    double[] w = new double[values.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
    }
    return w;
  }

  double total() {
    return total;
  }

  double min() {
    return values[0];
  }

  double max() {
    return values[values.length - 1];
  }

  int distinct() {
    return values.length;
  }

  /** Weight of values <= x. */
  double atOrBelow(double x) {
    int i = upperBound(x);
    return i == 0 ? 0 : cumulative[i - 1];
  }

  /** Weight of values < x. */
  double below(double x) {
    int i = lowerBound(x);
    return i == 0 ? 0 : cumulative[i - 1];
  }

  /** np.std: the population standard deviation (ddof 0) of the weighted values. */
  double std() {
    double[] w = weights();
    double mean = 0;
    for (int i = 0; i < values.length; i++) {
      mean += w[i] * values[i];
    }
    mean /= total;
    double squares = 0;
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - mean;
      squares += w[i] * d * d;
    }
    return Math.sqrt(squares / total);
  }

  /** The two-sided KS statistic: the largest gap between the two CDFs at any value of either. */
  static double ksStatistic(Ecdf a, Ecdf b) {
    // one merge pass over both sorted value lists: exact scans hold millions of distinct values
    double d = 0;
    int i = 0;
    int j = 0;
    double ca = 0;
    double cb = 0;
    while (i < a.values.length || j < b.values.length) {
      double x = next(a, i, b, j);
      if (i < a.values.length && a.values[i] == x) {
        ca = a.cumulative[i++];
      }
      if (j < b.values.length && b.values[j] == x) {
        cb = b.cumulative[j++];
      }
      d = Math.max(d, Math.abs(ca / a.total - cb / b.total));
    }
    return d;
  }

  /** scipy.stats.wasserstein_distance: the integral of |F_a - F_b| between consecutive values. */
  static double wasserstein(Ecdf a, Ecdf b) {
    double sum = 0;
    int i = 0;
    int j = 0;
    double ca = 0;
    double cb = 0;
    double gap = 0;
    double last = Double.NaN;
    while (i < a.values.length || j < b.values.length) {
      double x = next(a, i, b, j);
      if (i > 0 || j > 0) {
        sum += gap * (x - last);
      }
      if (i < a.values.length && a.values[i] == x) {
        ca = a.cumulative[i++];
      }
      if (j < b.values.length && b.values[j] == x) {
        cb = b.cumulative[j++];
      }
      gap = Math.abs(ca / a.total - cb / b.total);
      last = x;
    }
    return sum;
  }

  /** Distinct values of both together, counted in one merge pass. */
  static long distinctTogether(Ecdf a, Ecdf b) {
    long n = 0;
    int i = 0;
    int j = 0;
    while (i < a.values.length || j < b.values.length) {
      double x = next(a, i, b, j);
      if (i < a.values.length && a.values[i] == x) {
        i++;
      }
      if (j < b.values.length && b.values[j] == x) {
        j++;
      }
      n++;
    }
    return n;
  }

  /** The smaller of the next values of either (both lists ascending, distinct). */
  private static double next(Ecdf a, int i, Ecdf b, int j) {
    if (j == b.values.length) {
      return a.values[i];
    }
    if (i == a.values.length) {
      return b.values[j];
    }
    return Math.min(a.values[i], b.values[j]);
  }

  private int upperBound(double x) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int lowerBound(double x) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
