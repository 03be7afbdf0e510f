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
