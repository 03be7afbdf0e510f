package io.icegate.shadow;

/**
 * What a comparison measured. Requests are distinct request ids in the window (a retried request
 * counts once, with its latest answer).
 *
 * @param baselineRequests requests the baseline variant answered
 * @param variantRequests requests the compared variant answered
 * @param pairedRequests requests both answered (0 in distribution mode)
 * @param agreement share of paired requests with the same class (classification) or values within
 *     the policy's tolerance (regression); null without pairs
 * @param bins bins the baseline's score deciles cut (fewer than 10 when deciles tie); null
 *     without scores
 * @param psi population stability index of the variant's scores vs the baseline's; null without scores
 * @param js Jensen-Shannon distance (natural log) of the same bins; null without scores
 * @param metric {@code accuracy} (classification) or {@code mae} (regression)
 * @param baselineLabelled labelled requests behind the baseline's metric (in paired mode, the
 *     paired requests that have a label, the same set for both)
 * @param variantLabelled labelled requests behind the variant's metric
 * @param baselineMetric the baseline's metric, null without labels
 * @param variantMetric the variant's metric, null without labels
 * @param metricDrop how much worse the variant is: accuracy lost, or MAE gained; negative when better
 */
public record ShadowFigures(
    long baselineRequests,
    long variantRequests,
    long pairedRequests,
    Double agreement,
    Integer bins,
    Double psi,
    Double js,
    String metric,
    long baselineLabelled,
    long variantLabelled,
    Double baselineMetric,
    Double variantMetric,
    Double metricDrop) {}
