package io.icegate.notify;

import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;

import io.icegate.table.IcegateTables;
import io.icegate.table.ScopedTable;
import io.icegate.table.ScopedTable.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * The {@code icegate.alert_log} table: append-only decisions, read per model and dedupe key. A
 * fired decision is appended only if no row of its key was added since the rows it was based on,
 * so two scans racing on one standing drift page once.
 */
public final class AlertLog {

  /** A key's recent rows, oldest first, as read at one snapshot of the table. */
  record View(ScopedTable.View read, List<AlertDecision> rows) {}

  private final IcegateTables tables;
  private final ScopedTable scoped;

  public AlertLog(IcegateTables tables) {
    this.tables = tables;
    this.scoped = new ScopedTable(tables::alertLog);
  }

  /** Every decision of a model, oldest first. */
  public List<AlertDecision> list(String model) {
    return decisions(scoped.read(Scope.of("model", model)));
  }

  /** The rows of one model's key decided at or after {@code since}, at the current snapshot. */
  View recent(String model, String dedupeKey, Instant since) {
    long from = ChronoUnit.MICROS.between(Instant.EPOCH, since);
    ScopedTable.View read = scoped.read(key(model, dedupeKey)
        .and(greaterThanOrEqual("decided_at", from), r -> epochMicros(r.getField("decided_at")) >= from));
    return new View(read, decisions(read));
  }

  /** Appends without a check: suppressed and undelivered rows never page anyone. */
  void append(AlertDecision d) {
    Table t = tables.alertLog();
    IcegateTables.append(t, List.of(row(t, d)), Map.of("icegate.decision-id", d.decisionId()));
  }

  /**
   * Appends if no row of the key was added after {@code view}; otherwise throws and leaves nothing.
   * The guard is the whole key, not the view's time window: any newer row of the key may change the decision.
   */
  void appendIfUnchanged(View view, AlertDecision d) throws ScopedTable.Conflict {
    ScopedTable.View read = view.read();
    scoped.append(read, key(d.model(), d.dedupeKey()), List.of(row(read.table(), d)),
        Map.of("icegate.decision-id", d.decisionId()));
  }

  private static Scope key(String model, String dedupeKey) {
    return Scope.of("model", model).and("dedupe_key", dedupeKey);
  }

  private static List<AlertDecision> decisions(ScopedTable.View read) {
    return read.rows().stream().map(AlertLog::decision)
        .sorted(Comparator.comparing(AlertDecision::decidedAt).thenComparing(AlertDecision::decisionId)).toList();
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

  private static long epochMicros(Object value) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant(value));
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Object value) {
    return value == null ? null : ((OffsetDateTime) value).toInstant();
  }
}
