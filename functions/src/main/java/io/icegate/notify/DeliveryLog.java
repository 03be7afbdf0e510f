package io.icegate.notify;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;

import io.icegate.table.IcegateTables;
import io.icegate.table.SystemSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/** The {@code icegate.deliveries} table: one row per delivery with every attempt, append-only. */
public final class DeliveryLog {

  private final IcegateTables tables;

  public DeliveryLog(IcegateTables tables) {
    this.tables = tables;
  }

  /** Appends one delivery as one snapshot. */
  public void append(Delivery d) {
    Table t = tables.deliveries();
    GenericRecord r = GenericRecord.create(t.schema());
    r.setField("delivery_id", d.deliveryId());
    r.setField("notification_id", d.notificationId());
    r.setField("kind", d.kind().json());
    r.setField("model", d.model());
    r.setField("monitor", d.monitor());
    r.setField("dedupe_key", d.dedupeKey());
    r.setField("channel", d.channel());
    r.setField("channel_type", d.channelType());
    r.setField("endpoint", d.endpoint());
    r.setField("outcome", d.outcome().json());
    r.setField("attempt_count", d.attempts().size());
    r.setField("last_status", d.lastStatus());
    r.setField("error", d.error());
    r.setField("started_at", utc(d.startedAt()));
    r.setField("finished_at", utc(d.finishedAt()));
    List<Record> attempts = new ArrayList<>();
    for (Delivery.Attempt a : d.attempts()) {
      GenericRecord ar = GenericRecord.create(SystemSchemas.DELIVERY_ATTEMPT);
      ar.setField("number", a.number());
      ar.setField("at", utc(a.at()));
      ar.setField("status", a.status());
      ar.setField("error", a.error());
      ar.setField("millis", a.millis());
      ar.setField("wait_millis", a.waitMillis());
      ar.setField("wait_reason", a.waitReason());
      attempts.add(ar);
    }
    r.setField("attempts", attempts);
    r.setField("payload", d.payload());
    IcegateTables.append(t, List.of(r), Map.of("icegate.delivery-id", d.deliveryId()));
  }

  /** Deliveries of a model, oldest first. */
  public List<Delivery> list(String model) {
    return read(equal("model", model));
  }

  /** Deliveries of one notification (one per channel), oldest first. */
  public List<Delivery> ofNotification(String model, String notificationId) {
    return read(and(equal("model", model), equal("notification_id", notificationId)));
  }

  private List<Delivery> read(Expression where) {
    Table t = tables.deliveries();
    List<Delivery> out = new ArrayList<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).where(where).build()) {
      rows.forEach(r -> out.add(delivery(r)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(Delivery::startedAt).thenComparing(Delivery::deliveryId));
    return out;
  }

  private static Delivery delivery(Record r) {
    List<Delivery.Attempt> attempts = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Record> rows = (List<Record>) r.getField("attempts");
    for (Record a : rows) {
      attempts.add(new Delivery.Attempt((Integer) a.getField("number"), instant(a.getField("at")),
          (Integer) a.getField("status"), (String) a.getField("error"), (Long) a.getField("millis"),
          (Long) a.getField("wait_millis"), (String) a.getField("wait_reason")));
    }
    return new Delivery(
        (String) r.getField("delivery_id"),
        (String) r.getField("notification_id"),
        Notification.Kind.fromJson((String) r.getField("kind")),
        (String) r.getField("model"),
        (String) r.getField("monitor"),
        (String) r.getField("dedupe_key"),
        (String) r.getField("channel"),
        (String) r.getField("channel_type"),
        (String) r.getField("endpoint"),
        Delivery.Outcome.valueOf(((String) r.getField("outcome")).toUpperCase(java.util.Locale.ROOT)),
        attempts,
        (String) r.getField("error"),
        (String) r.getField("payload"),
        instant(r.getField("started_at")),
        instant(r.getField("finished_at")));
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Object value) {
    return value == null ? null : ((OffsetDateTime) value).toInstant();
  }
}
