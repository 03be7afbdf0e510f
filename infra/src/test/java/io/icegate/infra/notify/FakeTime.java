package io.icegate.infra.notify;

import io.icegate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that stands still until advanced, and a sleeper that advances it instead of waiting. */
final class FakeTime extends TestClock implements Sleeper {
  private final List<Duration> sleeps = new ArrayList<>();

  FakeTime(Instant start) {
    super(start, Duration.ZERO);
  }

  /** Every pause a notifier asked for, in order. */
  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public synchronized void sleep(Duration d) {
    sleeps.add(d);
    advance(d);
  }
}
