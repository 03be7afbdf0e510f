package io.icegate.ingest;

import java.util.List;

/**
 * What {@code profileBatches} profiles: the named batches of one dataset, or, with no batch ids,
 * every committed batch of the dataset (of every dataset when {@code dataset} is null) that has
 * no profile yet.
 */
public record ProfileRequest(String dataset, List<String> batchIds) {

  /** Every unprofiled batch of every dataset: the catch-up a schedule or a restart runs. */
  public static final ProfileRequest ALL = new ProfileRequest(null, List.of());

  public ProfileRequest {
    batchIds = batchIds == null ? List.of() : List.copyOf(batchIds);
    if (dataset == null && !batchIds.isEmpty()) {
      throw new IllegalArgumentException("batch ids " + batchIds + " need the dataset they belong to");
    }
  }

  /** The follow-up of one upload: its batch when it committed rows, else nothing to do. */
  public static ProfileRequest after(IngestReport report) {
    return report.status() == IngestStatus.COMMITTED && report.snapshotId() != null
        ? new ProfileRequest(report.dataset(), List.of(report.batchId()))
        : null;
  }
}
