package io.icegate.notify;

/**
 * Port: delivers a notification to one channel. Implementations retry transient failures within a
 * bounded budget and report every attempt; a delivery problem is a {@link Delivery.Outcome#FAILED}
 * delivery, never an exception, so the caller always has something to record. The infra module's
 * implementation posts webhooks; a cloud adapter may publish platform events instead.
 */
public interface Notifier {

  /** Delivers an alert to an alert channel. */
  Delivery alert(Envelope envelope, Alert alert, AlertChannel channel);

  /** Delivers a retrain trigger to the retrain webhook, signed. */
  Delivery retrain(Envelope envelope, RetrainTrigger trigger, RetrainWebhook webhook);
}
