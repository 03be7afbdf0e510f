package io.icegate.registry;

import io.icegate.ingest.IngestStatus;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** Builds a version's {@link Lineage} from the dataset's snapshot ancestry and the ingest log. */
final class LineageReader {
  private final IcegateTables tables;

  LineageReader(IcegateTables tables) {
    this.tables = tables;
  }

  Lineage read(ModelVersion v) {
    Optional<Table> dataset = tables.dataset(v.dataset());
    Map<String, Record> log = ingestLog(v.dataset());
    List<Lineage.Upload> uploads = new ArrayList<>();
    List<Lineage.OtherCommit> others = new ArrayList<>();
    boolean complete = true;
    Instant trainingAt = null;
    boolean tagInPlace = false;
    if (dataset.isEmpty()) {
      complete = false;
    } else {
      Table table = dataset.get();
      SnapshotRef tag = table.refs().get(v.trainingTag());
      tagInPlace = tag != null && tag.isTag() && tag.snapshotId() == v.trainingSnapshotId();
      Snapshot s = table.snapshot(v.trainingSnapshotId());
      trainingAt = s == null ? null : Instant.ofEpochMilli(s.timestampMillis());
      Instant oldestKept = null;
      Set<Long> walked = new HashSet<>();
      while (s != null && walked.add(s.snapshotId())) {
        oldestKept = Instant.ofEpochMilli(s.timestampMillis());
        String batch = s.summary().get(IcegateTables.BATCH_ID);
        if (batch != null) {
          uploads.add(fromSnapshot(s, log.get(batch)));
        } else {
          others.add(new Lineage.OtherCommit(s.snapshotId(), oldestKept, s.operation()));
        }
        Long parent = s.parentId();
        s = parent == null ? null : table.snapshot(parent);
        if (parent != null && s == null) {
          complete = false;
        }
      }
      if (!complete && oldestKept != null) {
        uploads.addAll(inferred(table, log, oldestKept));
      }
    }
    return new Lineage(v.model(), v.version(),
        new Lineage.Artifact(v.artifactUri(), v.artifactSha256(), v.artifactBytes()),
        v.codeCommit(),
        new Lineage.Training(v.dataset(), v.trainingSnapshotId(), v.trainingTag(), tagInPlace, v.trainingRef(),
            trainingAt),
        uploads, others, complete);
  }

  private static Lineage.Upload fromSnapshot(Snapshot s, Record log) {
    Map<String, String> sum = s.summary();
    String bytes = sum.get(IcegateTables.SOURCE_BYTES);
    String added = sum.get("added-records");
    return new Lineage.Upload(
        s.snapshotId(),
        Instant.ofEpochMilli(s.timestampMillis()),
        sum.get(IcegateTables.BATCH_ID),
        sum.get(IcegateTables.SOURCE_URI),
        log == null ? null : (String) log.getField("source_key"),
        sum.get(IcegateTables.SOURCE_ETAG),
        sum.get(IcegateTables.SOURCE_SHA256),
        bytes == null ? null : Long.valueOf(bytes),
        sum.get(IcegateTables.CONTRACT_ID),
        sum.get(IcegateTables.CONTRACT_VERSION),
        sum.getOrDefault("icegate.format", log == null ? null : (String) log.getField("format")),
        added == null ? null : Long.valueOf(added),
        log == null ? null : (Long) log.getField("rows_rejected"),
        log == null ? null : (String) log.getField("archive_key"),
        Lineage.Evidence.SNAPSHOT);
  }

  /**
   * Committed uploads whose snapshots expired and that started before the oldest kept ancestor:
   * ingest only appends to main, so these are the ancestors expiry removed.
   */
  private static List<Lineage.Upload> inferred(Table table, Map<String, Record> log, Instant before) {
    List<Lineage.Upload> out = new ArrayList<>();
    for (Record r : log.values()) {
      Long snapshot = (Long) r.getField("snapshot_id");
      Instant started = ((OffsetDateTime) r.getField("started_at")).toInstant();
      if (snapshot != null && table.snapshot(snapshot) == null && started.isBefore(before)) {
        out.add(new Lineage.Upload(snapshot, null, (String) r.getField("batch_id"),
            (String) r.getField("source_uri"), (String) r.getField("source_key"), (String) r.getField("etag"),
            (String) r.getField("sha256"), (Long) r.getField("bytes"), (String) r.getField("contract_id"),
            (String) r.getField("contract_version"), (String) r.getField("format"),
            (Long) r.getField("rows_accepted"), (Long) r.getField("rows_rejected"),
            (String) r.getField("archive_key"), Lineage.Evidence.INGEST_LOG));
      }
    }
    out.sort(Comparator.comparing((Lineage.Upload u) -> startedAt(log, u)).reversed());
    return out;
  }

  private static Instant startedAt(Map<String, Record> log, Lineage.Upload u) {
    return ((OffsetDateTime) log.get(u.batchId()).getField("started_at")).toInstant();
  }

  /** The dataset's committed uploads in the ingest log, by batch id. */
  private Map<String, Record> ingestLog(String dataset) {
    Map<String, Record> out = new HashMap<>();
    Table log = tables.ingestLog();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(log)
        .where(Expressions.and(Expressions.equal("dataset", dataset),
            Expressions.equal("status", IngestStatus.COMMITTED.json())))
        .build()) {
      for (Record r : rows) {
        if (dataset.equals(r.getField("dataset")) && IngestStatus.COMMITTED.json().equals(r.getField("status"))) {
          out.put((String) r.getField("batch_id"), r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
