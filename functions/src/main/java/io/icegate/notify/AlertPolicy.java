package io.icegate.notify;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code alerts} section of a model policy.
 *
 * @param owners who is told, listed in every message
 * @param channels where alerts go, at least one, names unique
 * @param cooldown how long an alert's dedupe key stays quiet after it fired
 */
public record AlertPolicy(List<String> owners, List<AlertChannel> channels, Duration cooldown) {

  /** A standing drift pages at most every six hours unless the policy says otherwise. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(6);

  public AlertPolicy {
    owners = owners == null ? List.of() : List.copyOf(owners);
    channels = List.copyOf(channels);
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("alerts need at least one channel");
    }
    Set<String> names = new HashSet<>();
    for (AlertChannel c : channels) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("two alert channels are named '" + c.name() + "'");
      }
    }
    Objects.requireNonNull(cooldown, "cooldown");
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must not be negative, found " + cooldown);
    }
  }
}
