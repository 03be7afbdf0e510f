package io.icegate.gate;

/** Sorts rows by descending score once per model: an LSD radix sort, O(n) for any n. */
final class ScoreOrder {

  private ScoreOrder() {}

  /** Row indices by descending score; equal scores (-0.0 equals 0.0) keep their row order. */
  static int[] descending(double[] scores) {
    int n = scores.length;
    long[] keys = new long[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToLongBits(scores[i] + 0.0); // + 0.0 turns -0.0 into 0.0
      // flip so that unsigned order is numeric order, then complement for descending
      keys[i] = ~(bits ^ ((bits >> 63) | Long.MIN_VALUE));
      order[i] = i;
    }
    long[] keys2 = new long[n];
    int[] order2 = new int[n];
    int[] count = new int[257];
    for (int shift = 0; shift < 64; shift += 8) {
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[(int) ((keys[i] >>> shift) & 0xFF) + 1]++;
      }
      if (n == 0 || count[(int) ((keys[0] >>> shift) & 0xFF) + 1] == n) {
        continue; // every key has this digit: the pass would not move anything
      }
      for (int d = 0; d < 256; d++) {
        count[d + 1] += count[d];
      }
      for (int i = 0; i < n; i++) {
        int at = count[(int) ((keys[i] >>> shift) & 0xFF)]++;
        keys2[at] = keys[i];
        order2[at] = order[i];
      }
      long[] k = keys;
      keys = keys2;
      keys2 = k;
      int[] o = order;
      order = order2;
      order2 = o;
    }
    return order;
  }
}
