package io.icegate.ingest;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Batch ids that sort by time and read well in folder names: {@code 20261127T070512Z-3f9a1c2b}. */
final class BatchIds {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private BatchIds() {}

  static String next(Clock clock) {
    return FORMAT.format(clock.instant()) + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
  }
}
