package io.icegate.profile;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Reference drift statistics computed two ways, exactly on raw values and from sketches, to measure
 * what the sketches cost in accuracy. PSI and Jensen-Shannon use ten bins cut at the reference
 * deciles (PSI floors empty bins at 1e-4); JS is the distance (square root, natural log), as
 * scipy's {@code jensenshannon} that Evidently calls.
 */
final class DriftMath {

  static final int BINS = 10;
  private static final QuantileSearchCriteria INCLUSIVE = QuantileSearchCriteria.INCLUSIVE;

  private DriftMath() {}

  /** Two-sample Kolmogorov-Smirnov statistic of sorted samples. */
  static double ks(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < a.length && j < b.length) {
      double v = Math.min(a[i], b[j]);
      while (i < a.length && a[i] <= v) {
        i++;
      }
      while (j < b.length && b[j] <= v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
    }
    return d;
  }

  /** KS between two sketches, evaluated at every retained item of either. */
  static double ks(KllDoublesSketch a, KllDoublesSketch b) {
    TreeSet<Double> points = new TreeSet<>();
    for (KllDoublesSketch s : new KllDoublesSketch[] {a, b}) {
      var it = s.iterator();
      while (it.next()) {
        points.add(it.getQuantile());
      }
    }
    double[] p = points.stream().mapToDouble(Double::doubleValue).toArray();
    double[] ca = a.getCDF(p, INCLUSIVE);
    double[] cb = b.getCDF(p, INCLUSIVE);
    double d = 0;
    for (int k = 0; k < p.length; k++) {
      d = Math.max(d, Math.abs(ca[k] - cb[k]));
    }
    return d;
  }

  /** Bin shares of sorted {@code values}, bins cut at the reference deciles (ties merge bins). */
  static double[] shares(double[] sortedReference, double[] sortedValues) {
    double[] deciles = new double[BINS - 1];
    for (int k = 1; k < BINS; k++) {
      deciles[k - 1] = sortedReference[(int) ((long) k * sortedReference.length / BINS)];
    }
    double[] edges = Arrays.stream(deciles).distinct().toArray();
    double[] cdf = new double[edges.length + 1];
    for (int k = 0; k < edges.length; k++) {
      cdf[k] = (double) upperBound(sortedValues, edges[k]) / sortedValues.length;
    }
    cdf[edges.length] = 1;
    return differences(cdf);
  }

  /** Bin shares of a sketch, bins cut at the reference sketch's deciles (ties merge bins). */
  static double[] shares(KllDoublesSketch reference, KllDoublesSketch values) {
    double[] ranks = new double[BINS - 1];
    for (int k = 1; k < BINS; k++) {
      ranks[k - 1] = (double) k / BINS;
    }
    double[] edges = Arrays.stream(reference.getQuantiles(ranks, INCLUSIVE)).distinct().toArray();
    double[] cdf = Arrays.copyOf(values.getCDF(edges, INCLUSIVE), edges.length + 1);
    cdf[edges.length] = 1;
    return differences(cdf);
  }

  /** Key of the total count in the maps {@link #shares(List, Map)} reads. */
  static final String TOTAL = "\u0000total";

  /** Shares of {@code categories}, then of all other values, from counts holding a total. */
  static double[] shares(List<String> categories, Map<String, Long> counts) {
    double total = counts.get(TOTAL);
    double[] p = new double[categories.size() + 1];
    double rest = 1;
    for (int k = 0; k < categories.size(); k++) {
      p[k] = Math.min(rest, counts.getOrDefault(categories.get(k), 0L) / total);
      rest -= p[k];
    }
    p[categories.size()] = rest;
    return p;
  }

  static double psi(double[] expected, double[] actual) {
    double s = 0;
    for (int k = 0; k < expected.length; k++) {
      double e = Math.max(expected[k], 1e-4);
      double a = Math.max(actual[k], 1e-4);
      s += (a - e) * Math.log(a / e);
    }
    return s;
  }

  static double jensenShannon(double[] p, double[] q) {
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      double m = (p[k] + q[k]) / 2;
      if (p[k] > 0) {
        s += 0.5 * p[k] * Math.log(p[k] / m);
      }
      if (q[k] > 0) {
        s += 0.5 * q[k] * Math.log(q[k] / m);
      }
    }
    return Math.sqrt(Math.max(0, s));
  }

  private static double[] differences(double[] cdf) {
    double[] p = new double[cdf.length];
    double previous = 0;
    for (int k = 0; k < cdf.length; k++) {
      p[k] = cdf[k] - previous;
      previous = cdf[k];
    }
    return p;
  }

  /** Number of values <= v in a sorted array. */
  static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
