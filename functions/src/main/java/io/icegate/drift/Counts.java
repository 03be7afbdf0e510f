package io.icegate.drift;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * A categorical distribution: a weight per category, plus the weight of values a frequent-items
 * sketch no longer tracks by name ({@link #other()}, 0 for raw values and for sketches that kept
 * every item). Categories are ordered by code point, as Python sorts strings.
 */
final class Counts {

  /** Label of the bucket holding the weight of categories not named on both sides. */
  static final String OTHER_LABEL = "(other)";

  private final TreeMap<String, Double> weights;
  private final double other;
  private final double total;
  private final boolean complete;
  /** Items a purged sketch counts reliably: lower bound above its maximum error. */
  private final Set<String> reliable;

  private Counts(TreeMap<String, Double> weights, double other, boolean complete,
      Set<String> reliable) {
    this.weights = weights;
    this.other = other;
    this.complete = complete;
    this.reliable = reliable;
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
    return new Counts(weights, 0, true, weights.keySet());
  }

  /** Counts per distinct value, as a {@code GROUP BY} returns them; null keys, zero counts left out. */
  static Counts of(Map<String, Long> counts) {
    TreeMap<String, Double> weights = new TreeMap<>(Counts::compareCodePoints);
    counts.forEach((v, n) -> {
      if (n < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got " + n + " for '" + v + "'");
      }
      if (v != null && n > 0) {
        weights.merge(v, (double) n, Double::sum);
      }
    });
    return new Counts(weights, 0, true, weights.keySet());
  }

  /**
   * Estimated counts from a frequent-items sketch: each tracked item at the middle of its bounds
   * (exact while the sketch has not purged), the rest of the stream in {@link #other()}.
   */
  static Counts of(ItemsSketch<String> sketch) {
    TreeMap<String, Double> weights = new TreeMap<>(Counts::compareCodePoints);
    Set<String> reliable = new HashSet<>();
    double tracked = 0;
    for (ItemsSketch.Row<String> row : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
      double estimate = (row.getLowerBound() + row.getUpperBound()) / 2.0;
      weights.put(row.getItem(), estimate);
      tracked += estimate;
      if (row.getLowerBound() > sketch.getMaximumError()) {
        reliable.add(row.getItem());
      }
    }
    double rest = Math.max(0, sketch.getStreamLength() - tracked);
    return new Counts(weights, rest, sketch.getMaximumError() == 0, reliable);
  }

  /**
   * The two sides over the same categories, {reference weights, current weights}, with names in
   * {@code labels}: a category is named when each side counts it exactly or reliably (a purged
   * sketch's lower bound above its maximum error); all other weight goes to one last "other"
   * bucket on both sides, present when it holds weight. So a category one purged sketch dropped
   * is not taken for a category that vanished.
   */
  static double[][] aligned(Counts r, Counts c, List<String> labels) {
    TreeSet<String> keys = new TreeSet<>(Counts::compareCodePoints);
    keys.addAll(r.weights.keySet());
    keys.addAll(c.weights.keySet());
    List<double[]> named = new ArrayList<>();
    double rNamed = 0;
    double cNamed = 0;
    for (String k : keys) {
      if (r.reliable.contains(k) || (r.complete && !r.weights.containsKey(k))) {
        if (c.reliable.contains(k) || (c.complete && !c.weights.containsKey(k))) {
          double rw = r.weights.getOrDefault(k, 0.0);
          double cw = c.weights.getOrDefault(k, 0.0);
          named.add(new double[] {rw, cw});
          labels.add(k);
          rNamed += rw;
          cNamed += cw;
        }
      }
    }
    double rOther = Math.max(0, r.total - rNamed);
    double cOther = Math.max(0, c.total - cNamed);
    boolean other = rOther > 0 || cOther > 0;
    int size = named.size() + (other ? 1 : 0);
    double[][] out = new double[2][size];
    for (int i = 0; i < named.size(); i++) {
      out[0][i] = named.get(i)[0];
      out[1][i] = named.get(i)[1];
    }
    if (other) {
      out[0][size - 1] = rOther;
      out[1][size - 1] = cOther;
      labels.add(OTHER_LABEL);
    }
    return out;
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
