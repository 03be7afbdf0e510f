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

  /** One row per gate run; {@code decision} holds the whole record as JSON. */
  public static final Schema GATE_DECISIONS = new Schema(
      required(1, "decision_id", Types.StringType.get()),
      required(2, "model", Types.StringType.get()),
      required(3, "version", Types.IntegerType.get()),
      required(4, "policy_version", Types.StringType.get()),
      required(5, "dataset", Types.StringType.get()),
      required(6, "snapshot_id", Types.LongType.get()),
      optional(7, "baseline_version", Types.IntegerType.get()),
      required(8, "passed", Types.BooleanType.get()),
      required(9, "rows", Types.LongType.get()),
      required(10, "candidate_key", Types.StringType.get()),
      required(11, "candidate_sha256", Types.StringType.get()),
      optional(12, "baseline_key", Types.StringType.get()),
      optional(13, "baseline_sha256", Types.StringType.get()),
      optional(14, "report_key", Types.StringType.get()),
      required(15, "actor", Types.StringType.get()),
      optional(16, "request_id", Types.StringType.get()),
      required(17, "created_at", Types.TimestampType.withZone()),
      required(18, "decision", Types.StringType.get()));

  /** One row per shadow/canary comparison of a variant with its baseline on the inference log. */
  public static final Schema SHADOW_COMPARISONS = new Schema(
      required(1, "comparison_id", Types.StringType.get()),
      required(2, "model", Types.StringType.get()),
      required(3, "variant", Types.StringType.get()),
      required(4, "baseline_variant", Types.StringType.get()),
      optional(5, "variant_version", Types.LongType.get()),
      optional(6, "baseline_version", Types.LongType.get()),
      required(7, "window_from", Types.TimestampType.withZone()),
      required(8, "window_to", Types.TimestampType.withZone()),
      required(9, "mode", Types.StringType.get()),
      required(10, "baseline_requests", Types.LongType.get()),
      required(11, "variant_requests", Types.LongType.get()),
      required(12, "paired_requests", Types.LongType.get()),
      optional(13, "agreement", Types.DoubleType.get()),
      optional(14, "bins", Types.IntegerType.get()),
      optional(15, "psi", Types.DoubleType.get()),
      optional(16, "js", Types.DoubleType.get()),
      required(17, "metric", Types.StringType.get()),
      required(18, "baseline_labelled", Types.LongType.get()),
      required(19, "variant_labelled", Types.LongType.get()),
      optional(20, "baseline_metric", Types.DoubleType.get()),
      optional(21, "variant_metric", Types.DoubleType.get()),
      optional(22, "metric_drop", Types.DoubleType.get()),
      required(23, "rules", Types.StringType.get()),
      required(24, "policy", Types.StringType.get()),
      required(25, "passed", Types.BooleanType.get()),
      optional(26, "predictions_snapshot_id", Types.LongType.get()),
      optional(27, "feedback_snapshot_id", Types.LongType.get()),
      required(28, "created_at", Types.TimestampType.withZone()),
      required(29, "actor", Types.StringType.get()));

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

  /**
   * Every decision of the alert gate: {@code fired}, {@code suppressed} (until when, after which
   * fired one) or {@code undelivered} (a fired notification no channel accepted, which therefore
   * does not start a cooldown).
   */
  public static final Schema ALERT_LOG = new Schema(
      required(1, "decision_id", Types.StringType.get()),
      required(2, "model", Types.StringType.get()),
      required(3, "dedupe_key", Types.StringType.get()),
      required(4, "kind", Types.StringType.get()),
      required(5, "verdict", Types.StringType.get()),
      required(6, "decided_at", Types.TimestampType.withZone()),
      required(7, "cooldown_seconds", Types.LongType.get()),
      optional(8, "last_fired_at", Types.TimestampType.withZone()),
      optional(9, "suppressed_until", Types.TimestampType.withZone()),
      optional(10, "refers_to", Types.StringType.get()),
      optional(11, "monitor", Types.StringType.get()),
      optional(12, "severity", Types.StringType.get()),
      optional(13, "title", Types.StringType.get()),
      optional(14, "report_url", Types.StringType.get()));

  /** One attempt at a webhook: its HTTP status or error, and the pause that followed it. */
  public static final Types.StructType DELIVERY_ATTEMPT = Types.StructType.of(
      required(18, "number", Types.IntegerType.get()),
      required(19, "at", Types.TimestampType.withZone()),
      optional(20, "status", Types.IntegerType.get()),
      optional(21, "error", Types.StringType.get()),
      required(22, "millis", Types.LongType.get()),
      optional(23, "wait_millis", Types.LongType.get()),
      optional(24, "wait_reason", Types.StringType.get()));

  /** One row per delivery of a notification to a channel, with every attempt; no secrets. */
  public static final Schema DELIVERIES = new Schema(
      required(1, "delivery_id", Types.StringType.get()),
      required(2, "notification_id", Types.StringType.get()),
      required(3, "kind", Types.StringType.get()),
      required(4, "model", Types.StringType.get()),
      optional(5, "monitor", Types.StringType.get()),
      required(6, "dedupe_key", Types.StringType.get()),
      required(7, "channel", Types.StringType.get()),
      required(8, "channel_type", Types.StringType.get()),
      required(9, "endpoint", Types.StringType.get()),
      required(10, "outcome", Types.StringType.get()),
      required(11, "attempt_count", Types.IntegerType.get()),
      optional(12, "last_status", Types.IntegerType.get()),
      optional(13, "error", Types.StringType.get()),
      required(14, "started_at", Types.TimestampType.withZone()),
      required(15, "finished_at", Types.TimestampType.withZone()),
      required(16, "attempts", Types.ListType.ofRequired(17, DELIVERY_ATTEMPT)),
      optional(25, "payload", Types.StringType.get()));

  /**
   * One row per prediction the review queue handed out for labelling: the daily budget counts
   * these, and a request id handed out once is not handed out again.
   */
  public static final Schema REVIEW_ASSIGNMENTS = new Schema(
      required(1, "assignment_id", Types.StringType.get()),
      required(2, "model", Types.StringType.get()),
      required(3, "request_id", Types.StringType.get()),
      required(4, "day", Types.DateType.get()),
      required(5, "assigned_at", Types.TimestampType.withZone()),
      required(6, "actor", Types.StringType.get()),
      optional(7, "stratum", Types.StringType.get()),
      optional(8, "confidence", Types.DoubleType.get()));

  /**
   * One row per tested column of a drift scan ({@code kind} column) plus one for the dataset
   * verdict ({@code kind} dataset, its score the share of drifted columns).
   */
  public static final Schema DRIFT_RESULTS = new Schema(
      required(1, "scan_id", Types.StringType.get()),
      required(2, "model", Types.StringType.get()),
      required(3, "monitor", Types.StringType.get()),
      required(4, "alias", Types.StringType.get()),
      optional(5, "version", Types.IntegerType.get()),
      required(6, "kind", Types.StringType.get()),
      optional(7, "column_name", Types.StringType.get()),
      optional(8, "column_type", Types.StringType.get()),
      optional(9, "method", Types.StringType.get()),
      required(10, "score", Types.DoubleType.get()),
      optional(11, "statistic", Types.DoubleType.get()),
      required(12, "threshold", Types.DoubleType.get()),
      required(13, "drifted", Types.BooleanType.get()),
      optional(14, "reference_count", Types.LongType.get()),
      optional(15, "current_count", Types.LongType.get()),
      required(16, "mode", Types.StringType.get()),
      required(17, "mode_reason", Types.StringType.get()),
      required(18, "reference_dataset", Types.StringType.get()),
      required(19, "reference_snapshot_id", Types.LongType.get()),
      required(20, "current_dataset", Types.StringType.get()),
      required(21, "window_from", Types.TimestampType.withZone()),
      required(22, "window_to", Types.TimestampType.withZone()),
      required(23, "scanned_at", Types.TimestampType.withZone()));
}
