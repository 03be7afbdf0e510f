package io.icegate.feedback;

import java.util.List;

/**
 * The answer to a batch of labels: counts, the ingest that stored the new rows, and one outcome per item.
 *
 * @param recorded first labels written
 * @param duplicates items that repeated the current label of their request and source
 * @param corrected corrections written
 * @param refused items not recorded
 * @param unknownRequestIds accepted items whose request id is not (yet) in dataset {@code predictions}
 * @param ingest the upload that stored the new rows, or null when nothing was written
 * @param items one outcome per item, in the order sent
 */
public record FeedbackBatch(int recorded, int duplicates, int corrected, int refused, int unknownRequestIds,
    Ingest ingest, List<FeedbackOutcome> items) {

  public FeedbackBatch {
    items = List.copyOf(items);
  }

  /**
   * How the new rows were stored: one JSON-lines upload under {@code landing/feedback/}, ingested under
   * the feedback contract.
   *
   * @param batchId the ingest batch id (in the snapshot summary and {@code icegate.ingest_log})
   * @param status the ingest's status: committed; duplicate when another delivery of the same upload
   *     committed it; quarantined when the feedback contract refused it (its items are refused)
   * @param snapshotId the snapshot of dataset {@code feedback} holding the rows, or null
   * @param key the landing key of the upload
   * @param rows rows this ingest committed
   */
  public record Ingest(String batchId, String status, Long snapshotId, String key, long rows) {}
}
