package io.icegate.ingest;

import io.icegate.table.BatchFiles;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Batch ids that sort by time and read well in folder names: {@code 20261127T070512Z-3f9a1c2b}
 * ({@link BatchFiles} reads them back off data file names).
 */
final class BatchIds {
  private BatchIds() {}

  static String next(Clock clock) {
    return BatchFiles.BATCH_TIME.format(clock.instant()) + "-"
        + String.format("%08x", ThreadLocalRandom.current().nextInt());
  }
}
