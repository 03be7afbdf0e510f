package io.icegate.gate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What CI sends to gate a candidate: where the labels are pinned and where its predictions are.
 * Metric values are never accepted from the caller; icegate computes them.
 *
 * @param dataset evaluation dataset
 * @param snapshotId pinned snapshot id, or null when {@code snapshotTag} is given
 * @param snapshotTag a tag or branch of the dataset, or null when {@code snapshotId} is given
 * @param predictions object key of the candidate's predictions
 * @param baselinePredictions object key of the baseline's predictions; optional when the baseline
 *     was gated on the same snapshot before (its recorded predictions are reused)
 */
public record GateRequest(@JsonProperty(required = true) String dataset, Long snapshotId, String snapshotTag,
    @JsonProperty(required = true) String predictions, String baselinePredictions) {}
