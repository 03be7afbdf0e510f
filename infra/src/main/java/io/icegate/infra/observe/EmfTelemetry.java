package io.icegate.infra.observe;

import io.icegate.observe.Telemetry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * {@link Telemetry} as CloudWatch Embedded Metric Format: one JSON line per value on the
 * function's standard output, which Lambda ships to CloudWatch Logs and CloudWatch turns into
 * metrics without an SDK call. Tags become dimensions; names keep their dots.
 */
public final class EmfTelemetry implements Telemetry {

  /** Namespace of icegate's metrics. */
  public static final String NAMESPACE = "icegate";

  private final PrintStream out;
  private final Clock clock;
  private final String function;

  /** Writes to {@code out}; every value also carries dimension {@code function}. */
  public EmfTelemetry(PrintStream out, Clock clock, String function) {
    this.out = out;
    this.clock = clock;
    this.function = function;
  }

  @Override
  public void count(String name, long amount, String... tags) {
    emit(name, "Count", amount, tags);
  }

  @Override
  public void time(String name, Duration duration, String... tags) {
    emit(name, "Milliseconds", duration.toNanos() / 1e6, tags);
  }

  private void emit(String name, String unit, double value, String... tags) {
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException("tags are key, value pairs: " + tags.length + " given");
    }
    StringBuilder dims = new StringBuilder("\"function\"");
    StringBuilder values = new StringBuilder(",\"function\":").append(json(function));
    for (int i = 0; i < tags.length; i += 2) {
      dims.append(',').append(json(tags[i]));
      values.append(',').append(json(tags[i])).append(':').append(json(tags[i + 1]));
    }
    String line = "{\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
        + NAMESPACE + "\",\"Dimensions\":[[" + dims + "]],\"Metrics\":[{\"Name\":" + json(name) + ",\"Unit\":\""
        + unit + "\"}]}]}" + values + "," + json(name) + ":" + number(value) + "}";
    synchronized (out) {
      out.println(line);
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
