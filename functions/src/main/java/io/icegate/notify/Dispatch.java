package io.icegate.notify;

import java.util.List;

/**
 * What became of one notification: the gate's decision and, when it fired, one delivery per channel.
 *
 * @param decision the gate's decision
 * @param deliveries the deliveries, empty when suppressed
 * @param undelivered the record written when no channel accepted it, or null
 */
public record Dispatch(AlertDecision decision, List<Delivery> deliveries, AlertDecision undelivered) {

  public Dispatch {
    deliveries = List.copyOf(deliveries);
  }

  public boolean fired() {
    return decision.fired();
  }

  /** True when at least one channel accepted it. */
  public boolean delivered() {
    return deliveries.stream().anyMatch(d -> d.outcome() == Delivery.Outcome.DELIVERED);
  }
}
