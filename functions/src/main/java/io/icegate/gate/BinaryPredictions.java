package io.icegate.gate;

import java.util.Arrays;
import java.util.Locale;

/**
 * Binary classifier output: labels 0/1 and the probability (or any score) of class 1. Hard
 * predictions for accuracy, precision, recall and F1 are {@code score >= threshold ? 1 : 0}.
 *
 * @param labels true classes, 0 or 1
 * @param scores score of class 1 per row; finite. log_loss and brier_score also need [0, 1]
 * @param threshold decision threshold for hard predictions
 */
public record BinaryPredictions(int[] labels, double[] scores, double threshold)
    implements Predictions {

  /** The usual decision threshold of a probability. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  public BinaryPredictions {
    Checks.sameLength("labels", labels.length, "scores", scores.length);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new MetricException(String.format(Locale.ROOT,
            "binary labels must be 0 or 1; row %d has %d", i, labels[i]));
      }
    }
    Checks.finite("scores", scores);
    if (!Double.isFinite(threshold)) {
      throw new MetricException("the decision threshold must be a finite number: " + threshold);
    }
  }

  /** Predictions with the default threshold 0.5. */
  public static BinaryPredictions of(int[] labels, double[] scores) {
    return new BinaryPredictions(labels, scores, DEFAULT_THRESHOLD);
  }

  /** These predictions with row i taken from row order[i]. */
  BinaryPredictions reordered(int[] order) {
    int[] l = new int[order.length];
    double[] s = new double[order.length];
    for (int i = 0; i < order.length; i++) {
      l[i] = labels[order[i]];
      s[i] = scores[order[i]];
    }
    return new BinaryPredictions(l, s, threshold);
  }

  @Override
  public Task task() {
    return Task.BINARY;
  }

  @Override
  public int rows() {
    return labels.length;
  }

  @Override
  public void requireSameLabels(Predictions other) {
    if (!(other instanceof BinaryPredictions b)) {
      throw new MetricException("cannot pair binary predictions with " + other.task() + " ones");
    }
    Checks.sameLength("the candidate", rows(), "the baseline", b.rows());
    int row = Arrays.mismatch(labels, b.labels);
    if (row >= 0) {
      throw new MetricException(String.format(Locale.ROOT,
          "candidate and baseline disagree on the label of row %d (%d vs %d)",
          row, labels[row], b.labels[row]));
    }
  }
}
