package io.icegate.local;

import io.icegate.maintenance.MaintenanceRequest;
import io.icegate.maintenance.MaintenanceResult;
import io.icegate.maintenance.TableMaintainer;
import io.icegate.maintenance.TableReport;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Table maintenance on a background thread of {@code serve}, so ingest goes on meanwhile (compaction
 * commits do not conflict with appends). Stopping interrupts a run: every commit is atomic, and a
 * half-written compacted file is an orphan the next run removes.
 */
final class ScheduledMaintenance implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final ScheduledExecutorService executor;
  private final LocalRuntime runtime;
  private final Output out;

  ScheduledMaintenance(LocalRuntime runtime, Output out, Duration first, Duration every) {
    this.runtime = runtime;
    this.out = out;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "icegate-maintenance");
      t.setDaemon(true);
      return t;
    });
    // fixed delay: a slow run is never overlapped by the next
    executor.scheduleWithFixedDelay(this::run, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    MaintenanceResult r;
    try {
      r = runtime.context().getBean(TableMaintainer.class).maintain(MaintenanceRequest.ALL);
    } catch (RuntimeException e) {
      out.line("%s maintenance failed: %s", LocalTime.now().format(TIME), e.getMessage());
      return;
    }
    if (out.json()) {
      out.jsonLine(r);
      return;
    }
    int compacted = 0;
    int written = 0;
    int expired = 0;
    int orphans = 0;
    for (TableReport t : r.tables()) {
      compacted += t.compaction().filesRewritten();
      written += t.compaction().filesWritten();
      expired += t.expiry().expired();
      orphans += t.orphans().removed();
    }
    out.line("%s maintenance: %d tables, %d small files compacted into %d, %d snapshots expired, %d orphan files"
        + " removed (%d ms)%s", LocalTime.now().format(TIME), r.tables().size(), compacted, written, expired, orphans,
        r.millis(), r.ok() ? "" : "; FAILED: " + String.join("; ", r.tables().stream().filter(t -> !t.ok())
            .map(t -> t.table() + ": " + String.join(", ", t.errors())).toList()));
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }
}
