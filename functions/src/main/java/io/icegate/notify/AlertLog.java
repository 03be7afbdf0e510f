package io.icegate.notify;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;

import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The {@code icegate.alert_log} table: append-only decisions, read per model and dedupe key. A
 * fired decision is appended only if no row of its key was added since the rows it was based on,
 * so two scans racing on one standing drift page once.
 */
public final class AlertLog {

  /** A key's recent rows as of one snapshot of the table (null: the table was empty). */
  record View(Table table, Long snapshotId, List<AlertDecision> rows) {}

  /** Another writer added rows of the key after the view. */
  static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;

    Conflict(Throwable cause) {
      super("rows of the key changed since the view", cause, false, false);
    }
  }

  private final IcegateTables tables;

  public AlertLog(IcegateTables tables) {
    this.tables = tables;
  }

  /** Every decision of a model, oldest first. */
  public List<AlertDecision> list(String model) {
    Table t = tables.alertLog();
    Snapshot s = t.currentSnapshot();
    return s == null ? List.of() : read(t, s.snapshotId(), equal("model", model), model, null);
  }

  /** The rows of one model's key decided at or after {@code since}, at the current snapshot. */
  View recent(String model, String dedupeKey, Instant since) {
    Table t = tables.alertLog();
    Snapshot s = t.currentSnapshot();
    if (s == null) {
      return new View(t, null, List.of());
    }
    Expression where = and(equal("model", model), equal("dedupe_key", dedupeKey),
        greaterThanOrEqual("decided_at", ChronoUnit.MICROS.between(Instant.EPOCH, since)));
    return new View(t, s.snapshotId(), read(t, s.snapshotId(), where, model, dedupeKey));
  }

  /** Appends without a check: suppressed and undelivered rows never page anyone. */
  void append(AlertDecision d) {
    Table t = tables.alertLog();
    IcegateTables.append(t, List.of(row(t, d)), Map.of("icegate.decision-id", d.decisionId()));
  }

  /** Appends if no row of the key was added after {@code view}; otherwise throws and leaves nothing. */
  void appendIfUnchanged(View view, AlertDecision d) throws Conflict {
    Table t = view.table();
    DataFile file = IcegateTables.write(t, List.of(row(t, d)));
    OverwriteFiles op = t.newOverwrite()
        .addFile(file)
        .conflictDetectionFilter(and(equal("model", d.model()), equal("dedupe_key", d.dedupeKey())))
        .validateNoConflictingData()
        .set("icegate.decision-id", d.decisionId());
    if (view.snapshotId() != null) {
      op.validateFromSnapshot(view.snapshotId());
    }
    try {
      op.commit();
    } catch (ValidationException | CommitFailedException lost) {
      // Validation: the key got rows since the view. CommitFailed: Iceberg's own retries ran out
      // against writers of other keys. Either way the caller re-reads and decides again.
      t.io().deleteFile(file.location());
      throw new Conflict(lost);
    }
  }

  private static List<AlertDecision> read(Table t, long snapshotId, Expression where, String model, String key) {
    List<AlertDecision> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).useSnapshot(snapshotId).where(where).build()) {
      for (Record r : rows) {
        AlertDecision d = decision(r);
        // file statistics prune; this keeps the rows exact whatever the reader does with residuals
        if (d.model().equals(model) && (key == null || d.dedupeKey().equals(key))) {
          out.add(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(AlertDecision::decidedAt).thenComparing(AlertDecision::decisionId));
    return out;
  }

  private static GenericRecord row(Table t, AlertDecision d) {
    GenericRecord r = GenericRecord.create(t.schema());
    r.setField("decision_id", d.decisionId());
    r.setField("model", d.model());
    r.setField("dedupe_key", d.dedupeKey());
    r.setField("kind", d.kind().json());
    r.setField("verdict", d.verdict().json());
    r.setField("decided_at", utc(d.decidedAt()));
    r.setField("cooldown_seconds", d.cooldown().toSeconds());
    r.setField("last_fired_at", utc(d.lastFiredAt()));
    r.setField("suppressed_until", utc(d.suppressedUntil()));
    r.setField("refers_to", d.refersTo());
    r.setField("monitor", d.monitor());
    r.setField("severity", d.severity() == null ? null : d.severity().json());
    r.setField("title", d.title());
    r.setField("report_url", d.reportUrl());
    return r;
  }

  private static AlertDecision decision(Record r) {
    String severity = (String) r.getField("severity");
    return new AlertDecision(
        (String) r.getField("decision_id"),
        Notification.Kind.fromJson((String) r.getField("kind")),
        (String) r.getField("model"),
        (String) r.getField("monitor"),
        (String) r.getField("dedupe_key"),
        severity == null ? null : Severity.valueOf(severity.toUpperCase(java.util.Locale.ROOT)),
        (String) r.getField("title"),
        (String) r.getField("report_url"),
        AlertDecision.Verdict.fromJson((String) r.getField("verdict")),
        instant(r.getField("decided_at")),
        Duration.ofSeconds((Long) r.getField("cooldown_seconds")),
        instant(r.getField("last_fired_at")),
        instant(r.getField("suppressed_until")),
        (String) r.getField("refers_to"));
  }

  /** Iceberg keeps microseconds; decisions are made on truncated instants so they read back equal. */
  static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Object value) {
    return value == null ? null : ((OffsetDateTime) value).toInstant();
  }
}
