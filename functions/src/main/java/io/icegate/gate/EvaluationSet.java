package io.icegate.gate;

import java.util.List;
import java.util.Map;

/**
 * Labels of a pinned snapshot aligned with the predictions of a candidate (and a baseline), one
 * entry per evaluation row, in id order so resampling is repeatable.
 *
 * @param dataset evaluation dataset
 * @param snapshotId the pinned snapshot
 * @param target binary: 0/1; multiclass: index into {@code classes}; regression: the value
 * @param classes multiclass: the sorted class labels; otherwise empty
 * @param candidate the candidate's predictions
 * @param baseline the baseline's predictions, or null without a baseline
 * @param slices values of each slicing column, as text (null for SQL NULL)
 */
public record EvaluationSet(
    String dataset,
    long snapshotId,
    double[] target,
    List<String> classes,
    Predictions candidate,
    Predictions baseline,
    Map<String, String[]> slices) {

  /** Number of evaluation rows. */
  public int size() {
    return target.length;
  }

  /**
   * One model's predictions.
   *
   * @param value binary: the score of the positive class; multiclass: the predicted class index;
   *     regression: the predicted value
   * @param probabilities multiclass: per row, the probability of each class, or null when the file
   *     has no {@code proba_<class>} columns
   * @param source where they came from (object key) and its sha256, for the decision record
   */
  public record Predictions(double[] value, double[][] probabilities, PredictionSource source) {}

  /** The predictions object a decision used, verifiable later by its checksum. */
  public record PredictionSource(String key, String sha256, long bytes) {}
}
