package io.icegate.monitor;

import io.icegate.drift.DatasetDrift;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.data.Record;

/** Appends scans to {@code icegate.drift_results}: a row per column and one for the dataset verdict. */
final class DriftResults {
  private final IcegateTables tables;

  DriftResults(IcegateTables tables) {
    this.tables = tables;
  }

  /** One commit per scan, so a scan's rows appear together or not at all. */
  void append(DriftScan scan) {
    Table table = tables.driftResults();
    List<Record> rows = new ArrayList<>();
    for (ColumnDrift c : scan.columns()) {
      Record r = common(table, scan, "column");
      r.setField("column_name", c.column());
      r.setField("column_type", c.type().name().toLowerCase(Locale.ROOT));
      r.setField("method", c.result().method().id());
      r.setField("score", c.result().score());
      r.setField("statistic", c.result().statistic());
      r.setField("threshold", c.result().threshold());
      r.setField("drifted", c.result().drifted());
      r.setField("reference_count", c.referenceCount());
      r.setField("current_count", c.currentCount());
      rows.add(r);
    }
    DatasetDrift d = scan.dataset();
    Record r = common(table, scan, "dataset");
    r.setField("score", d.share());
    r.setField("threshold", d.driftShare());
    r.setField("drifted", d.drifted());
    rows.add(r);
    IcegateTables.append(table, rows, Map.of());
  }

  /** The latest {@code limit} dataset verdicts of a monitor, newest first. */
  List<DriftBudget.Verdict> recent(String model, String monitor, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<DriftBudget.Verdict> out = new ArrayList<>();
    for (Record r : datasetRows(Expressions.and(Expressions.equal("model", model), Expressions.equal("monitor", monitor)))) {
      out.add(new DriftBudget.Verdict((String) r.getField("scan_id"), instant(r.getField("scanned_at")),
          (Boolean) r.getField("drifted")));
    }
    out.sort(Comparator.comparing(DriftBudget.Verdict::scannedAt).reversed());
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  /** When each monitor of {@code model} was last scanned. */
  Map<String, Instant> lastScans(String model) {
    Map<String, Instant> out = new HashMap<>();
    for (Record r : datasetRows(Expressions.equal("model", model))) {
      out.merge((String) r.getField("monitor"), instant(r.getField("scanned_at")),
          (a, b) -> a.isAfter(b) ? a : b);
    }
    return out;
  }

  private List<Record> datasetRows(Expression filter) {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(tables.driftResults())
        .where(Expressions.and(filter, Expressions.equal("kind", "dataset")))
        .select("scan_id", "model", "monitor", "kind", "drifted", "scanned_at").build()) {
      // the scan filters files by their statistics only; rows are checked again here
      for (Record r : rows) {
        if ("dataset".equals(r.getField("kind"))) {
          out.add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Instant instant(Object value) {
    return ((OffsetDateTime) value).toInstant();
  }

  private static Record common(Table table, DriftScan scan, String kind) {
    GenericRecord r = GenericRecord.create(table.schema());
    r.setField("scan_id", scan.scanId());
    r.setField("model", scan.model());
    r.setField("monitor", scan.monitor());
    r.setField("alias", scan.alias());
    r.setField("version", scan.version());
    r.setField("kind", kind);
    r.setField("mode", scan.mode().id());
    r.setField("mode_reason", scan.modeReason());
    r.setField("reference_dataset", scan.referenceDataset());
    r.setField("reference_snapshot_id", scan.referenceSnapshotId());
    r.setField("current_dataset", scan.currentDataset());
    r.setField("window_from", utc(scan.windowFrom()));
    r.setField("window_to", utc(scan.windowTo()));
    r.setField("scanned_at", utc(scan.scannedAt()));
    return r;
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
