package io.icegate.infra.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a delivery tries: bounded attempts and total time, exponential backoff with jitter.
 *
 * @param maxAttempts requests per delivery, at least 1
 * @param initialBackoff the cap of the first pause; each later cap doubles
 * @param maxBackoff the largest cap
 * @param maxElapsed the whole delivery's budget: no pause may end after it (Retry-After included)
 * @param attemptTimeout how long one request may wait for its response headers
 * @param connectTimeout how long opening a connection may take
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed,
    Duration attemptTimeout, Duration connectTimeout) {

  /** 5 attempts, pauses of 0.5-1, 1-2, 2-4, 4-8 s (never over 30 s), 2 minutes in all, 10 s per request. */
  public static final RetryPolicy DEFAULTS = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30),
      Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(5));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, found " + maxAttempts);
    }
    for (Duration d : new Duration[] {initialBackoff, maxBackoff, maxElapsed, attemptTimeout, connectTimeout}) {
      if (Objects.requireNonNull(d, "durations").isNegative() || d.isZero()) {
        throw new IllegalArgumentException("retry durations must be positive, found " + d);
      }
    }
  }

  /**
   * The pause after failed attempt {@code attempt} (1-based): "equal jitter", half the capped
   * exponential step plus a random share of the other half, so pauses still grow while
   * many senders failing together spread out.
   *
   * @param random uniform in [0, 1)
   */
  public Duration backoff(int attempt, double random) {
    long cap = maxBackoff.toMillis();
    long step = initialBackoff.toMillis();
    for (int i = 1; i < attempt && step < cap; i++) {
      step *= 2;
    }
    step = Math.min(step, cap);
    long half = step / 2;
    return Duration.ofMillis(half + (long) (random * (step - half)));
  }
}
