package io.icegate.drift;

import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;

/** Categories on one side of a test: their counts, row count and how they were observed. */
final class CategoricalSample implements Sample {

  private final Counts counts;
  private final long count;
  private final HllSketch hll;

  private CategoricalSample(Counts counts, long count, HllSketch hll) {
    this.counts = counts;
    this.count = count;
    this.hll = hll;
  }

  static CategoricalSample exact(String[] values) {
    Counts counts = Counts.of(values);
    return new CategoricalSample(counts, (long) counts.total(), null);
  }

  static CategoricalSample exact(Map<String, Long> counts) {
    Counts c = Counts.of(counts);
    return new CategoricalSample(c, (long) c.total(), null);
  }

  static CategoricalSample sketch(ItemsSketch<String> items, HllSketch hll, long count) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(hll, "hll");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (items.isEmpty() != (count == 0)) {
      throw new IllegalArgumentException("the frequent-items sketch has "
          + items.getStreamLength() + " values but the count is " + count);
    }
    return new CategoricalSample(Counts.of(items), count, hll);
  }

  @Override
  public FeatureType type() {
    return FeatureType.CATEGORICAL;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public boolean exact() {
    return hll == null;
  }

  Counts counts() {
    return counts;
  }

  /** The HLL sketch of a sketch sample; null for raw values. */
  HllSketch hll() {
    return hll;
  }

  /** Distinct values: exact for raw values and unpurged sketches, else the HLL estimate. */
  long distinct() {
    return counts.complete() ? counts.weights().size() : Math.round(hll.getEstimate());
  }

  @Override
  public String toString() {
    return "CategoricalSample[count=" + count + ", exact=" + exact() + "]";
  }
}
