package io.icegate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock for tests: stands still until advanced, or moves a fixed step on every read. */
public class TestClock extends Clock {
  private final Duration tick;
  private Instant now;

  /** A clock that starts at {@code start} (or just after, when it ticks) and moves {@code tick} on every read. */
  protected TestClock(Instant start, Duration tick) {
    this.now = start;
    this.tick = tick;
  }

  /** A clock at {@code start} that moves only when advanced. */
  public static TestClock at(Instant start) {
    return new TestClock(start, Duration.ZERO);
  }

  /** A clock whose every read is {@code step} after the previous one (the first is start + step), so stored times are distinct. */
  public static TestClock ticking(Instant start, Duration step) {
    return new TestClock(start, step);
  }

  /** Moves the clock forward by {@code d}. */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public synchronized Instant instant() {
    now = now.plus(tick);
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Returns this clock: the code under test reads instants, and the zone stays UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
