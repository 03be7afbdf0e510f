package io.icegate.local;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A spinner with elapsed time on stderr for work that takes longer than a second, shown only
 * when a person watches a terminal; the line is erased when the work ends.
 */
final class Progress {
  private static final long DELAY_MILLIS = 1000;
  private static final String FRAMES = "|/-\\";

  private Progress() {}

  /** Runs {@code work}, showing {@code label} with a spinner while it lasts. */
  static <T> T run(Output output, String label, Callable<T> work) throws Exception {
    if (!output.interactive()) {
      return work.call();
    }
    long start = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "icegate-progress");
      t.setDaemon(true);
      return t;
    });
    int[] frame = {0};
    ScheduledFuture<?> tick = ticker.scheduleAtFixedRate(() -> {
      double seconds = (System.nanoTime() - start) / 1e9;
      output.err().printf("\r%c %s  %.1fs ", FRAMES.charAt(frame[0]++ % FRAMES.length()), label, seconds);
      output.err().flush();
    }, DELAY_MILLIS, 120, TimeUnit.MILLISECONDS);
    try {
      return work.call();
    } finally {
      tick.cancel(false);
      ticker.shutdownNow();
      ticker.awaitTermination(1, TimeUnit.SECONDS);
      if (System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS)) {
        output.err().print("\r" + " ".repeat(label.length() + 12) + "\r");
        output.err().flush();
      }
    }
  }
}
