package io.icegate.shadow;

/**
 * Limits a shadow or canary variant must meet against its baseline. A null limit leaves its rule
 * unchecked (reported as not applicable); the request minimum always applies.
 *
 * @param task how predictions compare: classes by text, or regression values within {@code tolerance}
 * @param minRequests requests each variant must have in the window (and pairs, in paired mode)
 * @param minAgreement lowest share of paired requests on which the variant agrees with the baseline
 * @param maxPsi highest population stability index of the variant's scores vs the baseline's
 * @param maxJs highest Jensen-Shannon distance (natural log) between the same binned scores
 * @param maxMetricDrop largest loss of accuracy (classification) or rise of MAE (regression) vs
 *     the baseline on labelled requests; when set, labels are required
 * @param minLabelled labelled requests each variant needs before the metric rule can pass
 * @param tolerance regression only: largest |variant - baseline| that still counts as agreement
 */
public record ShadowPolicy(
    Task task,
    int minRequests,
    Double minAgreement,
    Double maxPsi,
    Double maxJs,
    Double maxMetricDrop,
    int minLabelled,
    double tolerance) {

  /** What the model predicts. */
  public enum Task { CLASSIFICATION, REGRESSION }

  /**
   * Defaults: 100 requests per variant, 95% agreement, PSI at most 0.2 (the "significant shift"
   * band), Jensen-Shannon at most 0.1 (Evidently's default threshold), no metric rule, 30 labels.
   */
  public static ShadowPolicy defaults(Task task) {
    return new ShadowPolicy(task, 100, 0.95, 0.2, 0.1, null, 30, 0.0);
  }

  /** Validates the limits. */
  public ShadowPolicy {
    if (task == null) {
      throw new IllegalArgumentException("shadow policy: task is required (classification or regression)");
    }
    if (minRequests < 1) {
      throw new IllegalArgumentException("shadow policy: minRequests must be at least 1, got " + minRequests);
    }
    if (minAgreement != null && !(minAgreement >= 0 && minAgreement <= 1)) {
      throw new IllegalArgumentException("shadow policy: minAgreement must be within [0, 1], got " + minAgreement);
    }
    nonNegative("maxPsi", maxPsi);
    nonNegative("maxJs", maxJs);
    if (maxMetricDrop != null && !Double.isFinite(maxMetricDrop)) {
      throw new IllegalArgumentException("shadow policy: maxMetricDrop must be a finite number, got " + maxMetricDrop);
    }
    if (minLabelled < 1) {
      throw new IllegalArgumentException("shadow policy: minLabelled must be at least 1, got " + minLabelled);
    }
    nonNegative("tolerance", tolerance);
  }

  private static void nonNegative(String name, Double value) {
    if (value != null && !(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException("shadow policy: " + name + " must be a finite number >= 0, got " + value);
    }
  }
}
