package io.icegate.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Evidently's get_binned_data on exact or sketched samples. */
final class Binning {

  /** Evidently bins numbers by value unless the reference has more than this many values. */
  static final int MAX_VALUES_BY_VALUE = 20;

  private Binning() {}

  static Bins bins(Sample reference, Sample current) {
    if (reference instanceof NumericSample r && current instanceof NumericSample c
        && r.distinct() > MAX_VALUES_BY_VALUE) {
      return histogram(r, c);
    }
    return byValue(reference, current);
  }

  /** Weights per value of either sample, in sort order (the chi-square and Z-test keys). */
  static Bins byValue(Sample reference, Sample current) {
    if (reference instanceof NumericSample r && current instanceof NumericSample c) {
      return byValue(r.ecdf(), c.ecdf());
    }
    return byCategory(((CategoricalSample) reference).counts(),
        ((CategoricalSample) current).counts());
  }

  private static Bins histogram(NumericSample r, NumericSample c) {
    Ecdf re = r.ecdf();
    Ecdf ce = c.ecdf();
    double[] edges = sturgesEdges(Math.min(re.min(), ce.min()), Math.max(re.max(), ce.max()),
        r.count() + c.count());
    return new Bins(edges, null, re.histogram(edges), ce.histogram(edges));
  }

  /**
   * np.histogram_bin_edges(values, bins='sturges') for values spanning [first, last]: width
   * (last - first) / (log2(n) + 1), ceil(range / width) equal bins, edges by np.linspace.
   */
  static double[] sturgesEdges(double first, double last, long n) {
    double range = last - first;
    double width = range / (log2(n) + 1.0);
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    int bins = width > 0 ? (int) Math.ceil((last - first) / width) : 1;
    double step = (last - first) / bins;
    double[] edges = new double[bins + 1];
    for (int i = 0; i < bins; i++) {
      edges[i] = i * step + first;
    }
    edges[bins] = last;
    return edges;
  }

  /** log2 exact at powers of two, where sturges' bin count is an integer and must not round up. */
  private static double log2(long n) {
    if (Long.bitCount(n) == 1) {
      return Long.numberOfTrailingZeros(n);
    }
    return Math.log(n) / Math.log(2);
  }

  private static Bins byValue(Ecdf r, Ecdf c) {
    TreeSet<Double> keys = new TreeSet<>();
    Map<Double, Double> rw = weightsByValue(r);
    Map<Double, Double> cw = weightsByValue(c);
    keys.addAll(rw.keySet());
    keys.addAll(cw.keySet());
    double[] ref = new double[keys.size()];
    double[] cur = new double[keys.size()];
    List<String> labels = new ArrayList<>();
    int i = 0;
    for (double k : keys) {
      ref[i] = rw.getOrDefault(k, 0.0);
      cur[i] = cw.getOrDefault(k, 0.0);
      labels.add(Double.toString(k));
      i++;
    }
    return new Bins(null, labels, ref, cur);
  }

  private static Map<Double, Double> weightsByValue(Ecdf e) {
    Map<Double, Double> out = new TreeMap<>();
    double[] values = e.values();
    double[] weights = e.weights();
    for (int i = 0; i < values.length; i++) {
      if (weights[i] > 0) {
        out.put(values[i], weights[i]);
      }
    }
    return out;
  }

  private static Bins byCategory(Counts r, Counts c) {
    List<String> labels = new ArrayList<>();
    double[][] weights = Counts.aligned(r, c, labels);
    return new Bins(null, labels, weights[0], weights[1]);
  }

}
