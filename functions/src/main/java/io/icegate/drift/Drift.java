package io.icegate.drift;

import java.util.TreeMap;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/** Runs drift tests on one column: Evidently's default choice, or a method and threshold given. */
public final class Drift {

  /** Evidently switches from tests to distances above this many reference values. */
  public static final long SMALL_REFERENCE = 1000;

  private Drift() {}

  /**
   * Evidently's default test ({@code _get_default_stattest}) from the reference size and the
   * distinct values of both samples together: up to 1000 reference values KS for numbers with more
   * than 5 distinct values, else chi-square (3 or more) or Z (up to 2); above that Wasserstein for
   * numbers with more than 5 distinct values, else Jensen-Shannon.
   */
  public static Method defaultMethod(Sample reference, Sample current) {
    check(reference, current);
    long distinct = distinctTogether(reference, current);
    boolean numerical = reference.type() == FeatureType.NUMERICAL;
    if (reference.count() <= SMALL_REFERENCE) {
      if (numerical && distinct > 5) {
        return Method.KS;
      }
      return distinct > 2 ? Method.CHISQUARE : Method.Z;
    }
    return numerical && distinct > 5 ? Method.WASSERSTEIN : Method.JENSENSHANNON;
  }

  /** The default test at its default threshold. */
  public static DriftResult test(Sample reference, Sample current) {
    return test(reference, current, null, null);
  }

  /** The given test (null: the default) at the given threshold (null: the method's default). */
  public static DriftResult test(Sample reference, Sample current, Method method, Double threshold) {
    check(reference, current);
    Method m = method == null ? defaultMethod(reference, current) : method;
    double t = threshold == null ? m.defaultThreshold() : threshold;
    if (!Double.isFinite(t) || t < 0 || (m.pValue() && t > 1)) {
      throw new IllegalArgumentException("threshold for " + m.id() + " must be "
          + (m.pValue() ? "within [0, 1]" : "a finite number >= 0") + ", got " + t);
    }
    return switch (m) {
      case KS -> ks(numeric(reference, m), numeric(current, m), t);
      case WASSERSTEIN -> wasserstein(numeric(reference, m), numeric(current, m), t);
      case CHISQUARE -> chiSquare(reference, current, t);
      case Z -> z(reference, current, t);
      case JENSENSHANNON -> {
        double js = Binning.bins(reference, current).jensenShannon();
        yield DriftResult.of(m, js, js, t);
      }
      case PSI -> {
        double psi = Binning.bins(reference, current).psi();
        yield DriftResult.of(m, psi, psi, t);
      }
    };
  }

  /** Evidently's bins for PSI and Jensen-Shannon (also what a report plots). */
  public static Bins bins(Sample reference, Sample current) {
    check(reference, current);
    return Binning.bins(reference, current);
  }

  private static DriftResult ks(NumericSample r, NumericSample c, double t) {
    double d = Ecdf.ksStatistic(r.ecdf(), c.ecdf());
    if (r.exact()) {
      KolmogorovSmirnov.Result result = KolmogorovSmirnov.auto(r.count(), c.count(), d);
      return DriftResult.of(Method.KS, result.pValue(), result.statistic(), t);
    }
    double p = KolmogorovSmirnov.asymptotic(r.count(), c.count(), d);
    return DriftResult.of(Method.KS, p, d, t);
  }

  /** Evidently divides by max(np.std(reference), 0.001), so a constant reference still scales. */
  private static DriftResult wasserstein(NumericSample r, NumericSample c, double t) {
    double norm = Math.max(r.std(), 0.001);
    double w = Ecdf.wasserstein(r.ecdf(), c.ecdf()) / norm;
    return DriftResult.of(Method.WASSERSTEIN, w, w, t);
  }

  /**
   * scipy.stats.chisquare(f_obs = current counts, f_exp = reference counts * n_cur / n_ref) over
   * every value of either sample: a value the reference lacks makes the statistic infinite and the
   * p-value 0; one value on both sides leaves no degree of freedom and a NaN p-value (no drift).
   */
  private static DriftResult chiSquare(Sample reference, Sample current, double t) {
    double[][] counts = countsByValue(reference, current);
    double scale = (double) current.count() / reference.count();
    double statistic = 0;
    for (int i = 0; i < counts[0].length; i++) {
      double expected = counts[0][i] * scale;
      double diff = counts[1][i] - expected;
      statistic += expected == 0 ? Double.POSITIVE_INFINITY : diff * diff / expected;
    }
    double p = Special.chiSquareSf(statistic, counts[0].length - 1);
    return DriftResult.of(Method.CHISQUARE, p, statistic, t);
  }

  /**
   * Evidently's two-proportion Z-test: the first value in sort order against all others, pooled
   * variance, two-sided normal p-value; 1 when both samples hold the same single value.
   */
  private static DriftResult z(Sample reference, Sample current, double t) {
    double[][] counts = countsByValue(reference, current);
    if (counts[0].length == 1) {
      return DriftResult.of(Method.Z, 1.0, 0.0, t);
    }
    double n1 = reference.count();
    double n2 = current.count();
    double p1 = (n1 - counts[0][0]) / n1;
    double p2 = (n2 - counts[1][0]) / n2;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    return DriftResult.of(Method.Z, Special.normalTwoSided(z), z, t);
  }

  /**
   * Counts per value of both samples, {reference, current}, in sort order: numbers numerically,
   * categories by code point, a sketch's untracked remainder last. Sketch weights are scaled to
   * the samples' exact counts.
   */
  private static double[][] countsByValue(Sample reference, Sample current) {
    Bins bins = Binning.byValue(reference, current);
    return new double[][] {
        scaled(bins.reference(), reference.count()), scaled(bins.current(), current.count())};
  }

  /** Weights as counts out of {@code count}: unchanged for raw values, whose weights are counts. */
  private static double[] scaled(double[] weights, long count) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    if (total == count) {
      return weights;
    }
    double[] out = new double[weights.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = weights[i] * count / total;
    }
    return out;
  }

  private static NumericSample numeric(Sample s, Method m) {
    if (s instanceof NumericSample n) {
      return n;
    }
    throw new IllegalArgumentException(
        "drift method " + m.id() + " needs a numerical column, not a categorical one");
  }

  /** Distinct values of both samples together: exact where known, else from the HLL union. */
  static long distinctTogether(Sample reference, Sample current) {
    if (reference instanceof NumericSample r && current instanceof NumericSample c) {
      if (r.exact()) {
        return Ecdf.distinctTogether(r.ecdf(), c.ecdf());
      }
      return union(r.hll(), c.hll());
    }
    CategoricalSample r = (CategoricalSample) reference;
    CategoricalSample c = (CategoricalSample) current;
    if (r.counts().complete() && c.counts().complete()) {
      TreeMap<String, Double> all = new TreeMap<>(r.counts().weights());
      all.putAll(c.counts().weights());
      return all.size();
    }
    return union(r.hll(), c.hll());
  }

  private static long union(HllSketch a, HllSketch b) {
    Union union = new Union(Math.max(a.getLgConfigK(), b.getLgConfigK()));
    union.update(a);
    union.update(b);
    return Math.round(union.getEstimate());
  }

  private static void check(Sample reference, Sample current) {
    if (reference.type() != current.type()) {
      throw new IllegalArgumentException("reference is " + reference.type().name().toLowerCase()
          + " but current is " + current.type().name().toLowerCase());
    }
    if (reference.exact() != current.exact()) {
      throw new IllegalArgumentException(
          "reference and current must both be raw values or both be sketches");
    }
    if (reference.count() == 0) {
      throw new IllegalArgumentException("the reference sample has no values");
    }
    if (current.count() == 0) {
      throw new IllegalArgumentException("the current sample has no values");
    }
  }
}
