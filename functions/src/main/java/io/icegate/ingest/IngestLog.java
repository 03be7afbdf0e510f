package io.icegate.ingest;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and appends {@code icegate.ingest_log}: one row per upload, whatever its outcome. */
final class IngestLog {
  private static final Logger LOG = LoggerFactory.getLogger(IngestLog.class);

  /** A committed upload found again. */
  record Prior(String batchId, Long snapshotId) {}

  /** Which fields identify the same upload. */
  enum Match { SHA256, KEY_AND_ETAG }

  private final IcegateTables tables;

  IngestLog(IcegateTables tables) {
    this.tables = tables;
  }

  /** The committed upload of {@code dataset} with the same content, per the log. */
  Optional<Prior> findCommitted(String dataset, Match match, String first, String second) {
    return find(IngestStatus.COMMITTED, dataset, match, first, second);
  }

  /** The quarantined upload of {@code dataset} with the same key and etag: a redelivered event's. */
  Optional<Prior> findQuarantined(String dataset, String key, String etag) {
    return find(IngestStatus.QUARANTINED, dataset, Match.KEY_AND_ETAG, key, etag);
  }

  private Optional<Prior> find(IngestStatus status, String dataset, Match match, String first, String second) {
    if (first == null || (match == Match.KEY_AND_ETAG && second == null)) {
      return Optional.empty();
    }
    Expression where = and(equal("dataset", dataset), equal("status", status.json()));
    where = match == Match.SHA256
        ? and(where, equal("sha256", first))
        : and(where, and(equal("source_key", first), equal("etag", second)));
    Table log = tables.ingestLog();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(log).where(where).build()) {
      for (Record r : rows) {
        return Optional.of(new Prior((String) r.getField("batch_id"), (Long) r.getField("snapshot_id")));
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends the report as one row. */
  void record(IngestReport r) {
    Table log = tables.ingestLog();
    GenericRecord row = GenericRecord.create(log.schema());
    row.setField("batch_id", r.batchId());
    row.setField("dataset", r.dataset() == null ? "" : r.dataset());
    row.setField("status", r.status().json());
    row.setField("source_key", r.key());
    row.setField("source_uri", r.sourceUri());
    row.setField("etag", r.etag());
    row.setField("sha256", r.sha256());
    row.setField("bytes", r.bytes());
    row.setField("format", r.format());
    row.setField("rows_in", r.rowsIn());
    row.setField("rows_accepted", r.rowsAccepted());
    row.setField("rows_rejected", r.rowsRejected());
    row.setField("snapshot_id", r.snapshotId());
    row.setField("duplicate_of", r.duplicateOf());
    row.setField("contract_id", r.contractId());
    row.setField("contract_version", r.contractVersion());
    row.setField("reasons", r.reasons());
    row.setField("quarantine_key", r.quarantine());
    row.setField("archive_key", r.archive());
    row.setField("started_at", r.startedAt().atOffset(ZoneOffset.UTC));
    row.setField("millis", r.millis());
    try {
      row.setField("report", Json.MAPPER.writeValueAsString(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    IcegateTables.append(log, List.of(row), Map.of(IcegateTables.BATCH_ID, r.batchId()));
  }

  /** {@link #record} for failure paths, where a second failure must not hide the first. */
  void recordQuietly(IngestReport r) {
    try {
      record(r);
    } catch (RuntimeException e) {
      LOG.warn("could not log failed batch {}: {}", r.batchId(), e.toString());
    }
  }
}
