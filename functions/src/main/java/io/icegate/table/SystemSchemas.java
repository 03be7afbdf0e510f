package io.icegate.table;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** Schemas of the system tables in namespace {@code icegate}. */
public final class SystemSchemas {
  private SystemSchemas() {}

  /** One row per upload. */
  public static final Schema INGEST_LOG = new Schema(
      required(1, "batch_id", Types.StringType.get()),
      required(2, "dataset", Types.StringType.get()),
      required(3, "status", Types.StringType.get()),
      optional(4, "source_key", Types.StringType.get()),
      optional(5, "source_uri", Types.StringType.get()),
      optional(6, "etag", Types.StringType.get()),
      optional(7, "sha256", Types.StringType.get()),
      optional(8, "bytes", Types.LongType.get()),
      optional(9, "format", Types.StringType.get()),
      required(10, "rows_in", Types.LongType.get()),
      required(11, "rows_accepted", Types.LongType.get()),
      required(12, "rows_rejected", Types.LongType.get()),
      optional(13, "snapshot_id", Types.LongType.get()),
      optional(14, "duplicate_of", Types.StringType.get()),
      optional(15, "contract_id", Types.StringType.get()),
      optional(16, "contract_version", Types.StringType.get()),
      optional(17, "reasons", Types.ListType.ofRequired(18, Types.StringType.get())),
      optional(19, "quarantine_key", Types.StringType.get()),
      optional(20, "archive_key", Types.StringType.get()),
      required(21, "started_at", Types.TimestampType.withZone()),
      required(22, "millis", Types.LongType.get()),
      optional(23, "report", Types.StringType.get()));

  /** Mergeable per-column profiles of each accepted batch. */
  public static final Schema PROFILES = new Schema(
      required(1, "batch_id", Types.StringType.get()),
      required(2, "dataset", Types.StringType.get()),
      optional(3, "snapshot_id", Types.LongType.get()),
      required(4, "column_name", Types.StringType.get()),
      required(5, "kind", Types.StringType.get()),
      required(6, "row_count", Types.LongType.get()),
      required(7, "null_count", Types.LongType.get()),
      optional(8, "distinct_estimate", Types.DoubleType.get()),
      optional(9, "min_value", Types.DoubleType.get()),
      optional(10, "max_value", Types.DoubleType.get()),
      optional(11, "mean", Types.DoubleType.get()),
      optional(12, "min_text", Types.StringType.get()),
      optional(13, "max_text", Types.StringType.get()),
      optional(14, "kll", Types.BinaryType.get()),
      optional(15, "hll", Types.BinaryType.get()),
      optional(16, "frequent_items", Types.BinaryType.get()),
      required(17, "created_at", Types.TimestampType.withZone()));

  /** One row per registered model version; rows are only ever appended. */
  public static final Schema MODEL_VERSIONS = new Schema(
      required(1, "model", Types.StringType.get()),
      required(2, "version", Types.IntegerType.get()),
      required(3, "artifact_uri", Types.StringType.get()),
      required(4, "artifact_sha256", Types.StringType.get()),
      required(5, "artifact_bytes", Types.LongType.get()),
      required(6, "dataset", Types.StringType.get()),
      required(7, "training_snapshot_id", Types.LongType.get()),
      required(8, "training_tag", Types.StringType.get()),
      optional(9, "training_ref", Types.StringType.get()),
      required(10, "code_commit", Types.StringType.get()),
      optional(11, "params", Types.MapType.ofRequired(12, 13, Types.StringType.get(), Types.StringType.get())),
      optional(14, "metrics", Types.StringType.get()),
      optional(15, "owners", Types.ListType.ofRequired(16, Types.StringType.get())),
      optional(17, "description", Types.StringType.get()),
      required(18, "registered_by", Types.StringType.get()),
      required(19, "registered_at", Types.TimestampType.withZone()),
      optional(20, "request_id", Types.StringType.get()));

  /** The registry's append-only audit log; aliases are derived from it. */
  public static final Schema REGISTRY_EVENTS = new Schema(
      required(1, "event_id", Types.StringType.get()),
      required(2, "model", Types.StringType.get()),
      required(3, "seq", Types.LongType.get()),
      required(4, "action", Types.StringType.get()),
      optional(5, "alias", Types.StringType.get()),
      optional(6, "version", Types.IntegerType.get()),
      optional(7, "from_version", Types.IntegerType.get()),
      required(8, "actor", Types.StringType.get()),
      optional(9, "reason", Types.StringType.get()),
      optional(10, "request_id", Types.StringType.get()),
      required(11, "at", Types.TimestampType.withZone()),
      optional(12, "details", Types.StringType.get()));
}
