package io.icegate.notify;

import io.icegate.table.ScopedTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides whether a notification fires now or is suppressed because its dedupe key fired within
 * the cooldown, so a standing drift pages once per cooldown rather than on every scan. Every
 * decision is recorded in {@code icegate.alert_log}; that table is the gate's state, so the
 * decision holds across processes, restarts and concurrent scans.
 *
 * <p>A fired notification that no channel accepted is recorded as undelivered and starts no
 * cooldown: the next scan tries again rather than staying silent for hours.
 */
public final class AlertGate {

  /** Racing writers on one key are rare (two scans of one monitor); this bounds a pathological loop. */
  private static final int MAX_RACES = 20;

  private final AlertLog log;
  private final Clock clock;

  public AlertGate(AlertLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Decides for {@code n} under {@code cooldown} and records the decision. */
  public AlertDecision decide(Notification n, Duration cooldown) {
    for (int race = 0; race < MAX_RACES; race++) {
      Instant now = AlertLog.micros(clock.instant());
      AlertLog.View view = log.recent(n.model(), n.dedupeKey(), now.minus(cooldown));
      Instant lastFired = lastDelivered(view).orElse(null);
      Optional<Instant> until = suppressedUntil(lastFired, now, cooldown);
      if (until.isPresent()) {
        AlertDecision d = decision(n, AlertDecision.Verdict.SUPPRESSED, now, cooldown, lastFired, until.get(), null);
        log.append(d);
        return d;
      }
      AlertDecision d = decision(n, AlertDecision.Verdict.FIRED, now, cooldown, lastFired, null, null);
      try {
        log.appendIfUnchanged(view, d);
        return d;
      } catch (ScopedTable.Conflict raced) {
        // another scan recorded this key meanwhile: decide again on what it wrote
      }
    }
    throw new IllegalStateException("could not record an alert decision for key '" + n.dedupeKey() + "' of model '"
        + n.model() + "': " + MAX_RACES + " concurrent writers won in a row");
  }

  /** Records that no channel accepted {@code fired}, so its key may fire again at the next scan. */
  public AlertDecision undelivered(AlertDecision fired) {
    if (!fired.fired()) {
      throw new IllegalArgumentException("only a fired decision can be undelivered, not " + fired.verdict().json());
    }
    AlertDecision d = new AlertDecision(UUID.randomUUID().toString(), fired.kind(), fired.model(), fired.monitor(),
        fired.dedupeKey(), fired.severity(), fired.title(), fired.reportUrl(), AlertDecision.Verdict.UNDELIVERED,
        AlertLog.micros(clock.instant()), fired.cooldown(), fired.decidedAt(), null, fired.decisionId());
    log.append(d);
    return d;
  }

  /**
   * When a key that last fired at {@code lastFired} may fire again, if that is after {@code now};
   * empty when it may fire now (never fired, or the cooldown has passed).
   */
  public static Optional<Instant> suppressedUntil(Instant lastFired, Instant now, Duration cooldown) {
    if (lastFired == null) {
      return Optional.empty();
    }
    Instant until = lastFired.plus(cooldown);
    return now.isBefore(until) ? Optional.of(until) : Optional.empty();
  }

  /** The newest fired decision in the view that was not followed by an undelivered record. */
  private static Optional<Instant> lastDelivered(AlertLog.View view) {
    Set<String> undelivered = new HashSet<>();
    for (AlertDecision d : view.rows()) {
      if (d.verdict() == AlertDecision.Verdict.UNDELIVERED) {
        undelivered.add(d.refersTo());
      }
    }
    return view.rows().stream()
        .filter(d -> d.fired() && !undelivered.contains(d.decisionId()))
        .map(AlertDecision::decidedAt)
        .max(Instant::compareTo);
  }

  private static AlertDecision decision(Notification n, AlertDecision.Verdict verdict, Instant now, Duration cooldown,
      Instant lastFired, Instant until, String refersTo) {
    Severity severity = n instanceof Alert a ? a.severity() : null;
    return new AlertDecision(UUID.randomUUID().toString(), n.kind(), n.model(), n.monitor(), n.dedupeKey(), severity,
        n.title(), n.reportUrl(), verdict, now, cooldown, lastFired, until, refersTo);
  }
}
