package io.icegate.infra.observe;

import io.icegate.observe.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** {@link Telemetry} into a Micrometer registry (Prometheus, OTLP or any other Micrometer export). */
public final class MicrometerTelemetry implements Telemetry {

  private final MeterRegistry registry;

  public MicrometerTelemetry(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void count(String name, long amount, String... tags) {
    registry.counter(name, tags).increment(amount);
  }

  @Override
  public void time(String name, Duration duration, String... tags) {
    registry.timer(name, tags).record(duration);
  }
}
