package io.icegate.registry;

import java.time.Instant;
import java.util.List;

/**
 * Where a model version came from: its artifact and code commit, the dataset snapshot it was
 * trained on, and the uploads that built that snapshot, newest first.
 *
 * <p>{@code ancestryComplete} is false when snapshot expiry removed some of the training
 * snapshot's ancestors (the tag keeps only the training snapshot itself); the uploads committed
 * before the oldest kept ancestor are then taken from the ingest log and marked
 * {@link Evidence#INGEST_LOG}.
 */
public record Lineage(
    String model,
    int version,
    Artifact artifact,
    String codeCommit,
    Training training,
    List<Upload> uploads,
    List<OtherCommit> otherCommits,
    boolean ancestryComplete) {

  /** The artifact file and its verified checksum. */
  public record Artifact(String uri, String sha256, long bytes) {}

  /**
   * The training data: dataset, snapshot, icegate's tag protecting it and whether that tag is in
   * place, the ref the registration named, and when the snapshot was committed (null if gone).
   */
  public record Training(
      String dataset, long snapshotId, String tag, boolean tagInPlace, String requestedRef, Instant committedAt) {}

  /** How an upload is known to be part of the training snapshot. */
  public enum Evidence {
    /** Its snapshot is the training snapshot or one of its ancestors. */
    SNAPSHOT,
    /** Its snapshot expired; the ingest log says it was committed before the oldest kept ancestor. */
    INGEST_LOG;

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One accepted upload: its snapshot, source object and checksum, contract, and what the ingest
   * log adds (object key, where the original was archived, rows, format) when it has the batch.
   */
  public record Upload(
      long snapshotId,
      Instant committedAt,
      String batchId,
      String sourceUri,
      String sourceKey,
      String sourceEtag,
      String sourceSha256,
      Long sourceBytes,
      String contractId,
      String contractVersion,
      String format,
      Long rowsAccepted,
      Long rowsRejected,
      String archiveKey,
      Evidence evidence) {}

  /** A commit in the ancestry that is not an upload (compaction, delete, maintenance). */
  public record OtherCommit(long snapshotId, Instant committedAt, String operation) {}
}
