package io.icegate.gate;

/**
 * One model's predictions on an evaluation set, row-aligned with the labels. Arrays are shared,
 * not copied (evaluation sets reach millions of rows): callers must not change them afterwards.
 */
public sealed interface Predictions
    permits BinaryPredictions, MulticlassPredictions, RegressionPredictions {

  /** The task these predictions are for. */
  Task task();

  /** Number of rows. */
  int rows();

  /**
   * Throws unless {@code other} has the same labels row by row, so that a paired comparison
   * compares two models on the same rows.
   */
  void requireSameLabels(Predictions other);
}
