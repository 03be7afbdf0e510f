package io.icegate.notify;

import io.icegate.observe.Instrumented;
import io.icegate.observe.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a drift scan calls when a budget trips: gate the notification by its dedupe key, deliver it
 * to every channel when it fires, and record the decision and each delivery. Nothing is dropped
 * silently: a failed delivery is a row in {@code icegate.deliveries}, and a notification no
 * channel accepted starts no cooldown.
 */
public final class Notifications {

  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  private final Notifier notifier;
  private final AlertGate gate;
  private final DeliveryLog deliveries;
  private final Telemetry telemetry;

  public Notifications(Notifier notifier, AlertGate gate, DeliveryLog deliveries) {
    this(notifier, gate, deliveries, Telemetry.NONE);
  }

  /** Notifications that count every delivery's outcome in {@code telemetry}. */
  public Notifications(Notifier notifier, AlertGate gate, DeliveryLog deliveries, Telemetry telemetry) {
    this.telemetry = telemetry;
    this.notifier = notifier;
    this.gate = gate;
    this.deliveries = deliveries;
  }

  /** Gates {@code alert} under the policy's cooldown; when it fires, delivers it to every channel. */
  public Dispatch alert(Alert alert, AlertPolicy policy) {
    AlertDecision decision = gate.decide(alert, policy.cooldown());
    if (!decision.fired()) {
      LOG.info("alert '{}' of model {} suppressed until {}", alert.dedupeKey(), alert.model(), decision.suppressedUntil());
      return new Dispatch(decision, List.of(), null);
    }
    Envelope envelope = new Envelope(decision.decisionId(), decision.decidedAt(), policy.owners());
    List<Delivery> done = new ArrayList<>();
    for (AlertChannel channel : policy.channels()) {
      done.add(deliver(alert, envelope, channel.name(), channel.type(),
          () -> notifier.alert(envelope, alert, channel)));
    }
    return finish(decision, done);
  }

  /** Gates {@code trigger} under the policy's cooldown; when it fires, posts it to the retrain webhook. */
  public Dispatch retrain(RetrainTrigger trigger, RetrainPolicy policy) {
    AlertDecision decision = gate.decide(trigger, policy.cooldown());
    if (!decision.fired()) {
      LOG.info("retrain trigger '{}' of model {} suppressed until {}", trigger.dedupeKey(), trigger.model(),
          decision.suppressedUntil());
      return new Dispatch(decision, List.of(), null);
    }
    Envelope envelope = new Envelope(decision.decisionId(), decision.decidedAt(), List.of());
    Delivery d = deliver(trigger, envelope, RetrainWebhook.NAME, "retrain",
        () -> notifier.retrain(envelope, trigger, policy.webhook()));
    return finish(decision, List.of(d));
  }

  private Dispatch finish(AlertDecision decision, List<Delivery> done) {
    boolean accepted = done.stream().anyMatch(d -> d.outcome() == Delivery.Outcome.DELIVERED);
    AlertDecision undelivered = null;
    if (!accepted) {
      LOG.warn("{} '{}' of model {} reached none of its {} channel(s); it starts no cooldown and fires again at the next"
          + " scan", decision.kind().json(), decision.dedupeKey(), decision.model(), done.size());
      undelivered = gate.undelivered(decision);
    }
    return new Dispatch(decision, done, undelivered);
  }

  /** Delivers and records; a notifier that breaks its contract by throwing still leaves a failed row. */
  private Delivery deliver(Notification n, Envelope envelope, String channel, String type, Supplier<Delivery> send) {
    Delivery d;
    try {
      d = send.get();
    } catch (RuntimeException e) {
      // the message of an unknown implementation's exception might quote a URL or key: keep the class only
      LOG.warn("notifier failed on {} '{}' of model {} to channel {}: {}", n.kind().json(), n.dedupeKey(), n.model(),
          channel, e.getClass().getName());
      Instant now = envelope.firedAt();
      d = new Delivery(UUID.randomUUID().toString(), envelope.id(), n.kind(), n.model(), n.monitor(), n.dedupeKey(),
          channel, type, "unknown", Delivery.Outcome.FAILED, List.of(),
          "notifier error " + e.getClass().getName(), null, now, now);
    }
    telemetry.count(Instrumented.DELIVERIES, 1, "type", type,
        "outcome", d.outcome() == Delivery.Outcome.DELIVERED ? "delivered" : "failed");
    try {
      deliveries.append(d);
    } catch (RuntimeException e) {
      LOG.error("delivery {} of {} '{}' (model {}, channel {}) could not be recorded: {}", d.deliveryId(),
          n.kind().json(), n.dedupeKey(), n.model(), channel, d.summary());
      throw e;
    }
    return d;
  }
}
