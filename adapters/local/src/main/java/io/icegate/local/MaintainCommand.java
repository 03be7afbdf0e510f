package io.icegate.local;

import io.icegate.maintenance.CompactionReport;
import io.icegate.maintenance.ExpiryReport;
import io.icegate.maintenance.MaintenanceOptions;
import io.icegate.maintenance.MaintenanceRequest;
import io.icegate.maintenance.MaintenanceResult;
import io.icegate.maintenance.OrphanReport;
import io.icegate.maintenance.TableMaintainer;
import io.icegate.maintenance.TableReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icegate maintain}: compaction, snapshot expiry and orphan removal, now. */
@Command(name = "maintain", description = {
    "Maintain the Iceberg tables: compact small data files, expire old snapshots, remove orphan files.",
    "Per table: partitions with at least 5 files under 96 MiB are rewritten into ~128 MiB files (DuckDB, with"
        + " Iceberg field ids); snapshots older than 7 days beyond the newest 10 expire, except those a tag or"
        + " branch names (the training data of registered models); files no snapshot references and older than"
        + " 3 days are deleted (a crashed ingest's leftovers).",
    "Every dataset and icegate.* system table unless --table names some. 'icegate serve' runs this daily.",
    "Exit code 0 when every step of every table ran, 1 when one failed (the others still ran). --json prints"
        + " the MaintenanceResult."})
final class MaintainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--dry-run", description = "report what would be done; change nothing")
  boolean dryRun;

  @Option(names = {"-t", "--table"}, paramLabel = "TABLE",
      description = "only this table: a dataset name or namespace.name, e.g. icegate.ingest_log (repeatable)")
  List<String> tables = List.of();

  @Option(names = "--retention", paramLabel = "DURATION", converter = ServeCommand.DurationConverter.class,
      description = "expire snapshots older than this, e.g. 7d, 36h (default: 7d)")
  Duration retention;

  @Option(names = "--retain-last", paramLabel = "N", description = "always keep the newest N snapshots (default: 10)")
  Integer retainLast;

  @Option(names = "--orphan-age", paramLabel = "DURATION", converter = ServeCommand.DurationConverter.class,
      description = "remove unreferenced files only when older than this (default: 3d)")
  Duration orphanAge;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    MaintenanceOptions overrides = new MaintenanceOptions(
        retention == null ? null : retention.toHours(), retainLast,
        orphanAge == null ? null : orphanAge.toHours(), null, null, null, null, null);
    MaintenanceRequest request;
    try {
      request = new MaintenanceRequest(tables, dryRun, overrides);
      request.options();
    } catch (IllegalArgumentException e) {
      throw Args.usage(spec, e.getMessage());
    }
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      TableMaintainer maintainer = services.runtime().context().getBean(TableMaintainer.class);
      MaintenanceResult result = Progress.run(out, dryRun ? "planning maintenance" : "maintaining tables",
          () -> maintainer.maintain(request));
      if (out.json()) {
        out.json(result);
      } else {
        print(out, result);
      }
      return result.ok() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  /** One block per table: compaction, expiry, orphans, errors. */
  static void print(Output out, MaintenanceResult r) {
    if (r.tables().isEmpty()) {
      out.line("no tables yet: nothing to maintain");
    }
    String would = r.dryRun() ? "would " : "";
    for (TableReport t : r.tables()) {
      out.line("%s (%s table, %d ms)%s", t.table(), t.kind(), t.millis(), r.dryRun() ? "  DRY RUN: nothing changed" : "");
      CompactionReport c = t.compaction();
      if (c.filesWritten() > 0) {
        out.line("  compaction  %s%d -> %d data files (%d small files into %d, %d partition%s)%s",
            would.isEmpty() ? "" : "would go ", c.filesBefore(), c.filesAfter(), c.filesRewritten(), c.filesWritten(),
            c.partitionsCompacted(), c.partitionsCompacted() == 1 ? "" : "s",
            r.dryRun() ? "" : ", " + bytes(c.bytesBefore()) + " -> " + bytes(c.bytesAfter())
                + (c.retries() > 0 ? ", retried after a concurrent commit" : ""));
      } else {
        out.line("  compaction  nothing to compact (%d data files)", c.filesBefore());
      }
      c.notes().forEach(n -> out.line("              %s", n));
      ExpiryReport e = t.expiry();
      out.line("  expiry      %s%d of %d snapshots expired, %d kept%s%s", would.isEmpty() ? "" : "would have ",
          e.expired(), e.snapshotsBefore(), e.kept(),
          e.keptByRefs() > 0 ? " (" + e.keptByRefs() + " old one" + (e.keptByRefs() == 1 ? "" : "s") + " kept by a tag or branch)" : "",
          e.filesDeleted() > 0 ? ", " + e.filesDeleted() + " files deleted" : "");
      OrphanReport o = t.orphans();
      if (o.skipped() != null) {
        out.line("  orphans     skipped: %s", o.skipped());
      } else {
        out.line("  orphans     %s%d removed (%s), %d younger than the safety age kept, %d referenced files",
            would.isEmpty() ? "" : "would have ", r.dryRun() ? o.orphans() : o.removed(), bytes(o.bytesRemoved()),
            o.tooYoung(), o.referenced());
      }
      t.errors().forEach(err -> out.line("  FAILED      %s", err));
    }
    long failed = r.tables().stream().filter(t -> !t.ok()).count();
    out.line("%d table%s %s in %d ms%s", r.tables().size(), r.tables().size() == 1 ? "" : "s",
        r.dryRun() ? "planned" : "maintained", r.millis(), failed == 0 ? "" : "; " + failed + " with errors");
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    double v = b;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
