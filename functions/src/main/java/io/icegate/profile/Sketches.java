package io.icegate.profile;

import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/** Creates, reads and merges the three sketch formats in one place, so every writer agrees. */
final class Sketches {

  /**
   * UTF-8 items with a 4-byte length: the layout the C++ and Python {@code frequent_strings_sketch}
   * read, unlike the UTF-16 serde.
   */
  static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

  /** HLL_8 updates fastest; serialized compact it is 4 KiB at lgK 12. */
  static final TgtHllType HLL_TYPE = TgtHllType.HLL_8;

  private Sketches() {}

  static KllDoublesSketch kll(byte[] bytes) {
    return KllDoublesSketch.heapify(Memory.wrap(bytes));
  }

  static HllSketch hll(byte[] bytes) {
    return HllSketch.heapify(bytes);
  }

  static ItemsSketch<String> items(byte[] bytes) {
    return ItemsSketch.getInstance(Memory.wrap(bytes), STRINGS);
  }

  /**
   * The sketch with every item's weight multiplied by {@code w}, by merging doublings of it: a
   * sample taken at rate 1/w then merges with other batches in proportion to their rows.
   */
  static KllDoublesSketch scaled(KllDoublesSketch sketch, long w) {
    if (w == 1) {
      return sketch;
    }
    KllDoublesSketch result = KllDoublesSketch.newHeapInstance(sketch.getK());
    KllDoublesSketch power = sketch;
    for (long rest = w; rest > 0; rest >>= 1) {
      if ((rest & 1) == 1) {
        result.merge(power);
      }
      if (rest > 1) {
        KllDoublesSketch doubled = kll(power.toByteArray());
        doubled.merge(power);
        power = doubled;
      }
    }
    return result;
  }

  static byte[] mergeKll(byte[] a, byte[] b) {
    KllDoublesSketch merged = kll(a);
    merged.merge(kll(b));
    return merged.toByteArray();
  }

  static byte[] mergeHll(byte[] a, byte[] b) {
    HllSketch ha = hll(a);
    HllSketch hb = hll(b);
    Union union = new Union(Math.max(ha.getLgConfigK(), hb.getLgConfigK()));
    union.update(ha);
    union.update(hb);
    return union.getResult(HLL_TYPE).toCompactByteArray();
  }

  static byte[] mergeItems(byte[] a, byte[] b) {
    return items(a).merge(items(b)).toByteArray(STRINGS);
  }
}
