package io.icegate.drift;

import io.icegate.profile.ColumnProfile;
import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * One column's values on one side (reference or current) of a drift test, either exact (the raw
 * values) or summarised by the DataSketches profiles keep. Nulls are never part of a sample, and
 * neither are NaN or infinite numbers (Evidently drops them before testing).
 */
public sealed interface Sample permits NumericSample, CategoricalSample {

  /** Whether the values are numbers or categories. */
  FeatureType type();

  /** Number of values (non-null rows) the sample stands for. */
  long count();

  /** Whether the sample holds the raw values rather than sketches. */
  boolean exact();

  /** Raw numbers; NaN and infinities are dropped. */
  static Sample numeric(double... values) {
    return NumericSample.exact(Objects.requireNonNull(values, "values"));
  }

  /** Raw categories; nulls are dropped. */
  static Sample categorical(String... values) {
    return CategoricalSample.exact(Objects.requireNonNull(values, "values"));
  }

  /**
   * Raw numbers given as distinct values with how often each occurs, in any order: the same
   * sample as {@link #numeric(double...)} of every value repeated its count times. NaN,
   * infinities and zero counts are dropped.
   */
  static Sample numeric(double[] distinct, long[] counts) {
    return NumericSample.exact(Objects.requireNonNull(distinct, "distinct"),
        Objects.requireNonNull(counts, "counts"));
  }

  /** Raw categories as counts per category: {@link #categorical(String...)} of them repeated. */
  static Sample categorical(Map<String, Long> counts) {
    return CategoricalSample.exact(Objects.requireNonNull(counts, "counts"));
  }

  /** Numbers summarised by a KLL sketch and an HLL sketch of the same {@code count} values. */
  static Sample numeric(KllDoublesSketch kll, HllSketch hll, long count) {
    return NumericSample.sketch(kll, hll, count, Double.NaN);
  }

  /** As {@link #numeric(KllDoublesSketch, HllSketch, long)} with the exact population std. */
  static Sample numeric(KllDoublesSketch kll, HllSketch hll, long count, double std) {
    return NumericSample.sketch(kll, hll, count, std);
  }

  /** Categories summarised by a frequent-items sketch and an HLL sketch of {@code count} values. */
  static Sample categorical(ItemsSketch<String> items, HllSketch hll, long count) {
    return CategoricalSample.sketch(items, hll, count);
  }

  /** The sketches of a (merged) profile: NUMERIC and TEMPORAL numerical, STRING and BOOLEAN not. */
  static Sample of(ColumnProfile profile) {
    if (profile.kind().isOrdered()) {
      return numeric(profile.kllSketch().orElseThrow(), profile.hllSketch(), profile.nonNull());
    }
    return categorical(profile.frequentItemsSketch().orElseThrow(), profile.hllSketch(),
        profile.nonNull());
  }
}
