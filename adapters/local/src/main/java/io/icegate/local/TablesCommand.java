package io.icegate.local;

import io.icegate.infra.config.LocalIcegate;
import io.icegate.table.IcegateTables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icegate tables}: the catalog's tables and each dataset's snapshots with their lineage. */
@Command(name = "tables", description = "List dataset and system tables, and each dataset's snapshots with their lineage.")
final class TablesCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(names = {"-d", "--dataset"}, paramLabel = "NAME", description = "only this dataset's table")
  String dataset;

  /**
   * One table.
   *
   * @param table namespace.name
   * @param kind dataset or system
   * @param location table location
   * @param rows rows in the current snapshot
   * @param currentSnapshotId current snapshot, null when empty
   * @param snapshotCount snapshots kept
   * @param snapshots a dataset's snapshots, oldest first (empty for system tables)
   */
  record TableView(String table, String kind, String location, long rows, Long currentSnapshotId,
      int snapshotCount, List<SnapshotView> snapshots) {}

  /**
   * One dataset snapshot with the lineage icegate records in its summary.
   *
   * @param snapshotId snapshot id
   * @param committedAt commit time
   * @param operation append, overwrite, ...
   * @param rowsAdded rows the snapshot added
   * @param batchId ingest batch
   * @param sourceUri where the upload was read from
   * @param sha256 hex SHA-256 of the upload
   * @param contractId contract id
   * @param contractVersion contract version
   */
  record SnapshotView(long snapshotId, Instant committedAt, String operation, long rowsAdded, String batchId,
      String sourceUri, String sha256, String contractId, String contractVersion) {}

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    try (LocalIcegate icegate = LocalIcegate.open(IcegateCli.of(spec).home())) {
      IcegateTables tables = icegate.tables();
      List<TableView> views = new ArrayList<>();
      if (dataset != null) {
        Table t = tables.dataset(dataset).orElse(null);
        if (t == null) {
          out.err().println("no table for dataset '" + dataset + "' (" + tables.datasetId(dataset) + ")");
          return ExitCode.SOFTWARE;
        }
        views.add(view(tables.datasetId(dataset), t, true));
      } else {
        Catalog catalog = tables.catalog();
        // IcegateTables names the dataset namespace only through identifiers
        for (TableIdentifier id : tables.list(tables.datasets())) {
          views.add(view(id, catalog.loadTable(id), true));
        }
        for (TableIdentifier id : tables.list(IcegateTables.SYSTEM)) {
          views.add(view(id, catalog.loadTable(id), false));
        }
      }
      if (out.json()) {
        out.json(Map.of("tables", views));
      } else if (views.isEmpty()) {
        out.line("no tables yet: store a contract and ingest a file (or run: icegate demo)");
      } else {
        views.forEach(v -> print(out, v));
      }
      return ExitCode.OK;
    }
  }

  private static TableView view(TableIdentifier id, Table t, boolean dataset) {
    List<Snapshot> all = new ArrayList<>();
    t.snapshots().forEach(all::add);
    List<SnapshotView> snapshots = new ArrayList<>();
    if (dataset) {
      for (Snapshot s : all) {
        Map<String, String> sum = s.summary();
        snapshots.add(new SnapshotView(s.snapshotId(), Instant.ofEpochMilli(s.timestampMillis()), s.operation(),
            count(sum, SnapshotSummary.ADDED_RECORDS_PROP), sum.get(IcegateTables.BATCH_ID),
            sum.get(IcegateTables.SOURCE_URI), sum.get(IcegateTables.SOURCE_SHA256),
            sum.get(IcegateTables.CONTRACT_ID), sum.get(IcegateTables.CONTRACT_VERSION)));
      }
    }
    Snapshot current = t.currentSnapshot();
    return new TableView(id.toString(), dataset ? "dataset" : "system", t.location(),
        current == null ? 0 : count(current.summary(), SnapshotSummary.TOTAL_RECORDS_PROP),
        current == null ? null : current.snapshotId(), all.size(), snapshots);
  }

  private static long count(Map<String, String> summary, String key) {
    String v = summary.get(key);
    return v == null ? 0 : Long.parseLong(v);
  }

  private static void print(Output out, TableView v) {
    out.line("%s  (%s table, %d rows, %d snapshot%s)", v.table(), v.kind(), v.rows(), v.snapshotCount(),
        v.snapshotCount() == 1 ? "" : "s");
    out.line("  location  %s", v.location());
    if (!v.snapshots().isEmpty()) {
      out.line("  %-20s %-19s %6s  %-26s %-12s %-8s %s", "SNAPSHOT", "COMMITTED (UTC)", "ROWS", "BATCH", "SHA256",
          "CONTRACT", "SOURCE");
      for (SnapshotView s : v.snapshots()) {
        out.line("  %-20d %-19s %6d  %-26s %-12s %-8s %s", s.snapshotId(), TIME.format(s.committedAt()),
            s.rowsAdded(), dash(s.batchId()), s.sha256() == null ? "-" : s.sha256().substring(0, 12),
            dash(s.contractVersion()), dash(s.sourceUri()));
      }
    }
    out.line("");
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
