package io.icegate.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into a stop request, so the work in flight can
 * finish; the second one exits at once. A shutdown hook cannot do this: once the JVM shuts down,
 * Iceberg's own hook stops its worker pool and the commit in flight fails.
 */
final class StopSignal implements AutoCloseable {
  private static final List<String> SIGNALS = List.of("INT", "TERM");

  private final CountDownLatch requested = new CountDownLatch(1);
  private final List<Runnable> restore = new ArrayList<>();

  private StopSignal() {}

  /** Installs the handlers; {@code onFirst} runs when the first signal arrives. */
  static StopSignal install(Runnable onFirst) {
    StopSignal stop = new StopSignal();
    for (String name : SIGNALS) {
      Signal signal = new Signal(name);
      SignalHandler handler = s -> {
        if (stop.requested.getCount() == 0) {
          Runtime.getRuntime().exit(128 + s.getNumber());
        }
        stop.requested.countDown();
        onFirst.run();
      };
      try {
        SignalHandler previous = Signal.handle(signal, handler);
        stop.restore.add(() -> Signal.handle(signal, previous));
      } catch (IllegalArgumentException notHandled) {
        // the signal is ignored (a background job) or reserved: nothing to intercept
      }
    }
    return stop;
  }

  /** Whether a stop was requested. */
  boolean requested() {
    return requested.getCount() == 0;
  }

  /** Sleeps up to {@code millis}, waking early on a stop request; returns whether one came. */
  boolean await(long millis) throws InterruptedException {
    return requested.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    restore.forEach(Runnable::run);
  }
}
