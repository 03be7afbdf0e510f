package io.icegate.registry;

import java.util.concurrent.ThreadLocalRandom;

/** Pacing for optimistic retries: a short random pause that grows with the attempt number. */
final class Retry {
  /** Attempts before giving up; each lost round means another writer won, so this is generous. */
  static final int MAX_ATTEMPTS = 200;

  private Retry() {}

  /** Pauses before attempt {@code attempt + 1}, or fails when there have been enough. */
  static void after(int attempt, String what, Exception lost) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new IllegalStateException("could not " + what + " after " + attempt
          + " attempts: other writers kept winning", lost);
    }
    pause(attempt);
  }

  /** A random pause of up to about 5 ms per attempt so far (capped), spreading out colliding writers. */
  static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 40) + 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a commit", e);
    }
  }
}
