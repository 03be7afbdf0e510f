package io.icegate.gate;

/**
 * precision, recall and f1 of class 1 at the predictions' threshold, as sklearn 1.2.1 with
 * average="binary": a zero denominator gives 0.0 (zero_division's default result), and f1 is
 * {@code 2 p r / (p + r)} from the rounded precision and recall, in sklearn's operation order.
 */
final class BinaryConfusion extends Prepared {

  private final byte[] labels;
  private final byte[] predicted;

  BinaryConfusion(Metric metric, BinaryPredictions p) {
    super(metric, p.rows());
    labels = new byte[p.rows()];
    predicted = new byte[p.rows()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) p.labels()[i];
      predicted[i] = (byte) (p.scores()[i] >= p.threshold() ? 1 : 0);
    }
  }

  @Override
  double compute(int[] w) {
    long truePositives = 0;
    long predictedPositives = 0;
    long positives = 0;
    long total = 0;
    for (int i = 0; i < labels.length; i++) {
      long c = w[i];
      truePositives += c * (labels[i] & predicted[i]);
      predictedPositives += c * predicted[i];
      positives += c * labels[i];
      total += c;
    }
    if (total == 0) {
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
