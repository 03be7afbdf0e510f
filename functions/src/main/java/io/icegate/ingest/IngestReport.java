package io.icegate.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to one upload: returned by the {@code ingest} function, stored in
 * {@code icegate.ingest_log} and, for quarantined uploads, written as {@code report.json}.
 *
 * @param status committed, quarantined, duplicate or failed
 * @param dataset dataset (table) name taken from the key
 * @param batchId id of this ingest attempt, also in the snapshot summary
 * @param key the landing key
 * @param sourceUri URI of the landing object
 * @param etag the store's version token
 * @param sha256 hex SHA-256 of the object's bytes as uploaded (before decompression)
 * @param bytes size as uploaded
 * @param format csv, jsonl or parquet (with {@code +gzip} when compressed)
 * @param rowsIn records read, malformed ones included
 * @param rowsAccepted rows committed
 * @param rowsRejected rows quarantined (rowsIn = rowsAccepted + rowsRejected)
 * @param snapshotId the Iceberg snapshot holding the rows (for duplicates: the original's)
 * @param duplicateOf for duplicates: the batch id that committed the same content
 * @param contractId contract id
 * @param contractVersion contract version
 * @param reasons why the upload (or part of it) was not accepted, most important first
 * @param rejectedByReason row counts per row-level reason
 * @param checks outcomes of the contract's quality rules
 * @param warnings what went wrong without changing the outcome, e.g. profiles not written
 * @param quarantine quarantine folder key when anything was quarantined
 * @param archive where the original went after a commit
 * @param startedAt when processing started
 * @param millis processing time
 * @param timings milliseconds per phase, for operators: stage, validate, hash (the upload's
 *     sha256, waited for, and the lookup of earlier commits of it), write, commit, archive
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestReport(
    IngestStatus status,
    String dataset,
    String batchId,
    String key,
    String sourceUri,
    String etag,
    String sha256,
    Long bytes,
    String format,
    long rowsIn,
    long rowsAccepted,
    long rowsRejected,
    Long snapshotId,
    String duplicateOf,
    String contractId,
    String contractVersion,
    List<String> reasons,
    Map<String, Long> rejectedByReason,
    List<CheckOutcome> checks,
    List<String> warnings,
    String quarantine,
    String archive,
    Instant startedAt,
    long millis,
    Map<String, Long> timings) {

  public IngestReport {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    rejectedByReason =
        rejectedByReason == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(rejectedByReason));
    checks = checks == null ? List.of() : List.copyOf(checks);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    timings = timings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }
}
