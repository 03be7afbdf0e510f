package io.icegate.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code retrain} section of a model policy.
 *
 * @param webhook where the trigger goes
 * @param cooldown how long after a trigger the same alias and version do not trigger again
 */
public record RetrainPolicy(RetrainWebhook webhook, Duration cooldown) {

  /** A retrain takes hours and costs money: one trigger per version a day unless the policy says otherwise. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);

  public RetrainPolicy {
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(cooldown, "cooldown");
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must not be negative, found " + cooldown);
    }
  }
}
