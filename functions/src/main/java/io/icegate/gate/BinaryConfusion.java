package io.icegate.gate;

/**
 * precision, recall and f1 of class 1 at the predictions' threshold, as sklearn 1.2.1 with
 * average="binary": a zero denominator gives 0.0 (zero_division's default result), and f1 is
 * {@code 2 p r / (p + r)} from the rounded precision and recall, in sklearn's operation order.
 */
final class BinaryConfusion extends Prepared {

  /** Rows per block of packed sums: a bootstrap block weighs about as much, far below 2^16. */
  private static final int BLOCK = 4096;

  /**
   * Per row, 16 x its confusion cell (2 label + prediction: 0 TN, 1 FP, 2 FN, 3 TP): the bit
   * offset of the cell's 16-bit lane in a packed sum.
   */
  private final byte[] lane;

  BinaryConfusion(Metric metric, BinaryPredictions p) {
    super(metric, p.rows());
    lane = new byte[p.rows()];
    for (int i = 0; i < lane.length; i++) {
      int predicted = p.scores()[i] >= p.threshold() ? 1 : 0;
      lane[i] = (byte) (16 * (2 * p.labels()[i] + predicted));
    }
  }

  @Override
  double compute(int[] w) {
    long[] cells = new long[4];
    for (int start = 0; start < lane.length; start += BLOCK) {
      addBlock(w, start, Math.min(lane.length, start + BLOCK), cells);
    }
    long truePositives = cells[3];
    long predictedPositives = cells[1] + cells[3];
    long positives = cells[2] + cells[3];
    if (cells[0] + predictedPositives + cells[2] == 0) {
      return Double.NaN;
    }
    double precision = ratio(truePositives, predictedPositives);
    double recall = ratio(truePositives, positives);
    return switch (metric) {
      case PRECISION -> precision;
      case RECALL -> recall;
      default -> f1(precision, recall);
    };
  }

  /**
   * Adds the weights of rows [from, to) to their cells. One 64-bit sum holds the four cells in
   * 16-bit lanes (three times faster than four separate sums); a block heavier than a lane can
   * hold is summed again cell by cell.
   */
  private void addBlock(int[] w, int from, int to, long[] cells) {
    long packed = 0;
    long weight = 0;
    for (int i = from; i < to; i++) {
      int c = w[i];
      packed += (long) c << lane[i];
      weight += c;
    }
    if (weight <= 0xFFFF) {
      for (int cell = 0; cell < 4; cell++) {
        cells[cell] += (packed >>> (16 * cell)) & 0xFFFF;
      }
    } else {
      for (int i = from; i < to; i++) {
        cells[lane[i] >> 4] += w[i];
      }
    }
  }

  static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }

  static double f1(double precision, double recall) {
    double denominator = precision + recall;
    return denominator == 0 ? 0.0 : 2 * precision * recall / denominator;
  }

  @Override
  String undefined(int[] w) {
    return noRows();
  }
}
