package io.icegate.gate;

import java.util.Map;

/**
 * Labels of a pinned snapshot aligned with the predictions of a candidate (and a baseline), one
 * entry per evaluation row, in id order so resampling is repeatable.
 *
 * @param dataset evaluation dataset
 * @param snapshotId the pinned snapshot
 * @param candidate the candidate's predictions with the labels
 * @param baseline the baseline's, on the same rows, or null without a baseline
 * @param candidateSource the candidate's predictions object
 * @param baselineSource the baseline's, or null
 * @param slices values of each slicing column, as text (null for SQL NULL)
 */
public record EvaluationSet(
    String dataset,
    long snapshotId,
    Predictions candidate,
    Predictions baseline,
    PredictionSource candidateSource,
    PredictionSource baselineSource,
    Map<String, String[]> slices) {

  /** Number of evaluation rows. */
  public int size() {
    return candidate.rows();
  }

  /** The predictions object a decision used, verifiable later by its checksum. */
  public record PredictionSource(String key, String sha256, long bytes) {}
}
