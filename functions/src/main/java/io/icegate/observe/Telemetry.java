package io.icegate.observe;

import java.time.Duration;

/**
 * Where the functions report what they did, as counters and timers with a few low-cardinality
 * tags (status, outcome; never ids). The platform chooses the export: Micrometer locally,
 * CloudWatch Embedded Metric Format on AWS.
 */
public interface Telemetry {

  /** Reports nothing. */
  Telemetry NONE = new Telemetry() {
    @Override
    public void count(String name, long amount, String... tags) {}

    @Override
    public void time(String name, Duration duration, String... tags) {}
  };

  /** Adds {@code amount} to counter {@code name}; {@code tags} are key, value pairs. */
  void count(String name, long amount, String... tags);

  /** Records one duration of timer {@code name}; {@code tags} are key, value pairs. */
  void time(String name, Duration duration, String... tags);
}
