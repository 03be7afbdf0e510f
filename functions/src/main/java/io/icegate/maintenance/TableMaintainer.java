package io.icegate.maintenance;

import io.icegate.engine.DuckEngine;
import io.icegate.table.BatchFiles;
import io.icegate.table.IcegateTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code maintainTables} function: per table, compacts small files, expires old snapshots
 * (tagged ones stay) and removes orphan files, in that order, so the files compaction replaced go
 * with the snapshots that expire. A step that fails is reported for its table; the rest still run.
 */
public final class TableMaintainer {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintainer.class);

  /** How long compaction leaves an unprofiled batch's files for its profiles to be written. */
  static final Duration PROFILE_GRACE = Duration.ofHours(24);

  private final IcegateTables tables;
  private final Clock clock;
  private final FileCompactor compactor;
  private final SnapshotExpirer expirer = new SnapshotExpirer();
  private final OrphanSweeper sweeper = new OrphanSweeper();

  public TableMaintainer(IcegateTables tables, DuckEngine engine, Clock clock) {
    this(tables, engine, clock, t -> {});
  }

  /**
   * A maintainer that runs {@code beforeRewriteCommit} after compaction wrote its files and before
   * it commits them, where tests land a concurrent write.
   */
  public TableMaintainer(IcegateTables tables, DuckEngine engine, Clock clock, Consumer<Table> beforeRewriteCommit) {
    this.tables = tables;
    this.clock = clock;
    this.compactor = new FileCompactor(engine, beforeRewriteCommit);
  }

  /** Maintains the requested tables (all of them when none is named). */
  public MaintenanceResult maintain(MaintenanceRequest request) {
    MaintenanceOptions o = request.options();
    Instant start = clock.instant();
    List<TableReport> reports = new ArrayList<>();
    List<TableIdentifier> ids = new ArrayList<>();
    if (request.tables().isEmpty()) {
      ids.addAll(tables.list(tables.datasets()));
      ids.addAll(tables.list(IcegateTables.SYSTEM));
    } else {
      request.tables().forEach(name -> ids.add(identifier(name)));
    }
    for (TableIdentifier id : ids) {
      reports.add(maintain(id, o, request.dryRun()));
    }
    return new MaintenanceResult(start, clock.millis() - start.toEpochMilli(), request.dryRun(), o, reports);
  }

  private TableIdentifier identifier(String name) {
    if (name.indexOf('.') < 0) {
      return tables.datasetId(name);
    }
    return TableIdentifier.parse(name);
  }

  private TableReport maintain(TableIdentifier id, MaintenanceOptions o, boolean dryRun) {
    long t0 = clock.millis();
    String kind = id.namespace().equals(IcegateTables.SYSTEM) ? "system" : "dataset";
    List<String> errors = new ArrayList<>();
    Table table;
    try {
      table = tables.catalog().loadTable(id);
    } catch (NoSuchTableException e) {
      return new TableReport(id.toString(), kind, CompactionReport.SKIPPED, ExpiryReport.SKIPPED,
          OrphanReport.SKIPPED, List.of("no such table"), 0);
    }
    CompactionReport compaction = CompactionReport.SKIPPED;
    ExpiryReport expiry = ExpiryReport.SKIPPED;
    OrphanReport orphans = OrphanReport.SKIPPED;
    if (o.compact()) {
      try {
        compaction = compactor.compact(table, o, dryRun, kind.equals("dataset") ? awaitingProfiles(id) : f -> false);
      } catch (Exception e) {
        errors.add(step("compaction", id, e));
      }
    }
    if (o.expire()) {
      try {
        expiry = expirer.expire(table, o, clock.millis(), dryRun);
      } catch (Exception e) {
        errors.add(step("expiry", id, e));
      }
    }
    if (o.removeOrphans()) {
      try {
        orphans = sweeper.sweep(table, o, clock.millis(), dryRun);
      } catch (Exception e) {
        errors.add(step("orphan removal", id, e));
      }
    }
    return new TableReport(id.toString(), kind, compaction, expiry, orphans, errors, clock.millis() - t0);
  }

  /**
   * Files of recent batches that have no profiles yet: ingest's follow-up (or the catch-up) still
   * has to read them on their own, which compaction would make impossible. After a day they are
   * compacted anyway, and the batch is left to exact-mode scans.
   */
  private Predicate<DataFile> awaitingProfiles(TableIdentifier id) {
    Set<String> profiled = tables.profiledBatches(id.name());
    Instant since = clock.instant().minus(PROFILE_GRACE);
    return f -> {
      String batch = BatchFiles.batchOf(f.location());
      return batch != null && !profiled.contains(batch) && BatchFiles.startedAt(batch).isAfter(since);
    };
  }

  private static String step(String step, TableIdentifier id, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    LOG.warn("maintenance of {}: {} failed", id, step, e);
    return step + ": " + e.getMessage();
  }
}
