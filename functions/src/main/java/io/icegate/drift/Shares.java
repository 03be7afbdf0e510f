package io.icegate.drift;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Shares of a sample's values outside bounds or categories, for the data-quality panel of a scan.
 * They read the same distributions the tests do, so a sketch sample gives the sketch's estimate
 * and a raw sample the exact share.
 */
public final class Shares {

  private Shares() {}

  /** Smallest value of a numeric sample (a sketch keeps its exact minimum). */
  public static double min(Sample s) {
    return numeric(s).ecdf().min();
  }

  /** Largest value of a numeric sample. */
  public static double max(Sample s) {
    return numeric(s).ecdf().max();
  }

  /**
   * Share of a numeric sample's values below {@code lo} or above {@code hi} (or at a bound that is
   * exclusive); a null bound is open.
   */
  public static double outside(Sample s, Double lo, boolean loExclusive, Double hi, boolean hiExclusive) {
    Ecdf e = numeric(s).ecdf();
    double total = e.total();
    if (total == 0) {
      return 0;
    }
    double out = 0;
    if (lo != null) {
      out += loExclusive ? e.atOrBelow(lo) : e.below(lo);
    }
    if (hi != null) {
      out += total - (hiExclusive ? e.below(hi) : e.atOrBelow(hi));
    }
    return Math.min(1, out / total);
  }

  /** Share of a categorical sample's values that are not in {@code known}. */
  public static double notIn(Sample s, Collection<String> known) {
    Counts c = categorical(s).counts();
    if (c.total() == 0) {
      return 0;
    }
    Set<String> set = known instanceof Set<String> k ? k : Set.copyOf(known);
    double unknown = c.other();
    for (Map.Entry<String, Double> e : c.weights().entrySet()) {
      if (!set.contains(e.getKey())) {
        unknown += e.getValue();
      }
    }
    return Math.min(1, unknown / c.total());
  }

  /** The categories a categorical sample names (all of them for raw values and unpurged sketches). */
  public static Set<String> categories(Sample s) {
    return Set.copyOf(categorical(s).counts().weights().keySet());
  }

  private static NumericSample numeric(Sample s) {
    if (s instanceof NumericSample n) {
      return n;
    }
    throw new IllegalArgumentException("a numeric sample is needed, found " + s);
  }

  private static CategoricalSample categorical(Sample s) {
    if (s instanceof CategoricalSample c) {
      return c;
    }
    throw new IllegalArgumentException("a categorical sample is needed, found " + s);
  }
}
