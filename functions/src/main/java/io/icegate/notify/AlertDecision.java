package io.icegate.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One decision of the {@link AlertGate}, as recorded in {@code icegate.alert_log}.
 *
 * @param decisionId the decision's id; a fired decision's id is the notification's id
 * @param kind alert or retrain
 * @param model the model
 * @param monitor the monitor, or null
 * @param dedupeKey the notification's dedupe key
 * @param severity the alert's severity, or null for a retrain trigger
 * @param title the notification's title
 * @param reportUrl the report link, or null
 * @param verdict fired, suppressed or undelivered
 * @param decidedAt when
 * @param cooldown the cooldown the decision applied
 * @param lastFiredAt when the key last fired (and was delivered) within the cooldown, or null
 * @param suppressedUntil for a suppressed decision: when the key may fire again
 * @param refersTo for an undelivered record: the fired decision no channel accepted
 */
public record AlertDecision(
    String decisionId,
    Notification.Kind kind,
    String model,
    String monitor,
    String dedupeKey,
    Severity severity,
    String title,
    String reportUrl,
    Verdict verdict,
    Instant decidedAt,
    Duration cooldown,
    Instant lastFiredAt,
    Instant suppressedUntil,
    String refersTo) {

  /** What the gate decided. */
  public enum Verdict {
    /** Deliver it now. */
    FIRED,
    /** The same key fired within the cooldown: record, do not deliver. */
    SUPPRESSED,
    /** A fired notification that no channel accepted: it starts no cooldown. */
    UNDELIVERED;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Verdict fromJson(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  public boolean fired() {
    return verdict == Verdict.FIRED;
  }
}
