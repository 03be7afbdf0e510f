package io.icegate.drift;

import java.util.Objects;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/** Numbers on one side of a test: the distribution, its row count and how it was observed. */
final class NumericSample implements Sample {

  private final Ecdf ecdf;
  private final long count;
  private final HllSketch hll;
  private final double std;

  private NumericSample(Ecdf ecdf, long count, HllSketch hll, double std) {
    this.ecdf = ecdf;
    this.count = count;
    this.hll = hll;
    this.std = std;
  }

  static NumericSample exact(double[] values) {
    Ecdf ecdf = Ecdf.of(values);
    return new NumericSample(ecdf, (long) ecdf.total(), null, Double.NaN);
  }

  static NumericSample exact(double[] distinct, long[] counts) {
    Ecdf ecdf = Ecdf.of(distinct, counts);
    return new NumericSample(ecdf, (long) ecdf.total(), null, Double.NaN);
  }

  static NumericSample sketch(KllDoublesSketch kll, HllSketch hll, long count, double std) {
    if (!Double.isNaN(std) && !(std >= 0 && Double.isFinite(std))) {
      throw new IllegalArgumentException("std must be a finite number >= 0, got " + std);
    }
    Objects.requireNonNull(kll, "kll");
    Objects.requireNonNull(hll, "hll");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (kll.isEmpty() != (count == 0)) {
      throw new IllegalArgumentException(
          "the KLL sketch has " + kll.getN() + " values but the count is " + count);
    }
    // Continuous when values outnumber the retained items: a discrete column keeps every value it
    // has, and its mass must stay on those values, not spread between them.
    boolean continuous = kll.isEstimationMode() && hll.getEstimate() > 2.0 * kll.getNumRetained();
    return new NumericSample(Ecdf.of(kll, continuous), count, hll, std);
  }

  @Override
  public FeatureType type() {
    return FeatureType.NUMERICAL;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public boolean exact() {
    return hll == null;
  }

  Ecdf ecdf() {
    return ecdf;
  }

  /** np.std of the values: as given with a sketch, else from the (weighted) values. */
  double std() {
    return Double.isNaN(std) ? ecdf.std() : std;
  }

  /** The HLL sketch of a sketch sample; null for raw values. */
  HllSketch hll() {
    return hll;
  }

  /** Distinct values: exact for raw values, the HLL estimate for sketches. */
  long distinct() {
    return hll == null ? ecdf.distinct() : Math.round(hll.getEstimate());
  }

  @Override
  public String toString() {
    return "NumericSample[count=" + count + ", exact=" + exact() + "]";
  }
}
