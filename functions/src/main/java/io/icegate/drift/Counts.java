package io.icegate.drift;

import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * A categorical distribution: a weight per category, plus the weight of values a frequent-items
 * sketch no longer tracks by name ({@link #other()}, 0 for raw values and for sketches that kept
 * every item). Categories are ordered by code point, as Python sorts strings.
 */
final class Counts {

  /** Name of the bucket holding the weight of untracked categories; never a real category. */
  static final String OTHER = "\u0000other";

  private final TreeMap<String, Double> weights;
  private final double other;
  private final double total;
  private final boolean complete;

  private Counts(TreeMap<String, Double> weights, double other, boolean complete) {
    this.weights = weights;
    this.other = other;
    this.complete = complete;
    double sum = other;
    for (double w : weights.values()) {
      sum += w;
    }
    this.total = sum;
  }

  /** Counts of raw values; nulls are left out. */
  static Counts of(String[] raw) {
    TreeMap<String, Double> weights = new TreeMap<>(Counts::compareCodePoints);
    for (String v : raw) {
      if (v != null) {
        weights.merge(v, 1.0, Double::sum);
      }
    }
    return new Counts(weights, 0, true);
  }

  /**
   * Estimated counts from a frequent-items sketch: each tracked item at the middle of its bounds
   * (exact while the sketch has not purged), the rest of the stream in {@link #OTHER}.
   */
  static Counts of(ItemsSketch<String> sketch) {
    TreeMap<String, Double> weights = new TreeMap<>(Counts::compareCodePoints);
    double tracked = 0;
    for (ItemsSketch.Row<String> row : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
      double estimate = (row.getLowerBound() + row.getUpperBound()) / 2.0;
      weights.put(row.getItem(), estimate);
      tracked += estimate;
    }
    double rest = Math.max(0, sketch.getStreamLength() - tracked);
    return new Counts(weights, rest, sketch.getMaximumError() == 0);
  }

  /** Counts of the distinct values of a numeric distribution, keyed by the value's text. */
  static Map<Double, Double> byValue(Ecdf ecdf) {
    Map<Double, Double> counts = new TreeMap<>();
    double[] values = ecdf.values();
    double[] w = ecdf.weights();
    for (int i = 0; i < values.length; i++) {
      counts.put(values[i], w[i]);
    }
    return counts;
  }

  /** Weight per named category, ordered by code point. */
  Map<String, Double> weights() {
    return weights;
  }

  double other() {
    return other;
  }

  double total() {
    return total;
  }

  /** Whether every category is named (raw values, or a sketch that never purged). */
  boolean complete() {
    return complete;
  }

  /** Number of named categories, plus the other bucket when it holds weight. */
  int categories() {
    return weights.size() + (other > 0 ? 1 : 0);
  }

  /** Python's string order: by code point, which UTF-16 order is not above U+FFFF. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
