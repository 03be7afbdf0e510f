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

/**
 * Appends scans to {@code icegate.drift_results}: a row per column test and one for the dataset
 * verdict, then the panels' figures in the same columns (kind {@code quality}: check in
 * {@code method}, current share in {@code score}, reference share in {@code statistic};
 * {@code performance}: metric in {@code method}, live value in {@code score}, gate value in
 * {@code statistic}, labelled rows in {@code current_count}; {@code kpi}: aggregate in
 * {@code method}, level in {@code score}, output level in {@code statistic}, correlation in
 * {@code threshold}). Figures that could not be computed are left out.
 */
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
    panels(table, scan, rows);
    IcegateTables.append(table, rows, Map.of());
  }

  private static void panels(Table table, DriftScan scan, List<Record> rows) {
    for (Panels.Quality q : scan.panels().quality()) {
      Record r = common(table, scan, "quality");
      r.setField("column_name", q.column());
      r.setField("method", q.check());
      r.setField("score", q.current());
      r.setField("statistic", q.reference());
      r.setField("threshold", Double.NaN);
      r.setField("drifted", false);
      rows.add(r);
    }
    Panels.Performance p = scan.panels().performance();
    if (p != null) {
      for (Panels.Metric m : p.metrics()) {
        if (m.value() == null) {
          continue;
        }
        Record r = common(table, scan, "performance");
        r.setField("method", m.metric());
        r.setField("score", m.value());
        r.setField("statistic", m.baseline());
        r.setField("threshold", Double.NaN);
        r.setField("drifted", false);
        r.setField("reference_count", p.predictions());
        r.setField("current_count", p.labelled());
        rows.add(r);
      }
    }
    Panels.Kpi k = scan.panels().kpi();
    if (k != null && k.level() != null) {
      Record r = common(table, scan, "kpi");
      r.setField("column_name", k.name());
      r.setField("method", k.aggregate());
      r.setField("score", k.level());
      r.setField("statistic", k.output());
      r.setField("threshold", k.correlation() == null ? Double.NaN : k.correlation());
      r.setField("drifted", false);
      rows.add(r);
    }
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

  /** The latest {@code limit} scans of a model (of one monitor when not null), newest first. */
  List<ScanRecord> scans(String model, String monitor, int limit) {
    Expression filter = Expressions.equal("model", model);
    if (monitor != null) {
      filter = Expressions.and(filter, Expressions.equal("monitor", monitor));
    }
    List<ScanRecord> out = new ArrayList<>();
    for (Record r : datasetRows(filter)) {
      String scanId = (String) r.getField("scan_id");
      out.add(new ScanRecord(scanId, (String) r.getField("monitor"), (String) r.getField("alias"),
          (Integer) r.getField("version"), (String) r.getField("mode"), instant(r.getField("window_from")),
          instant(r.getField("window_to")), (Double) r.getField("score"), (Double) r.getField("threshold"),
          (Boolean) r.getField("drifted"), instant(r.getField("scanned_at")), DriftReport.key(model, scanId)));
    }
    out.sort(Comparator.comparing(ScanRecord::scannedAt).reversed());
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
        .select("scan_id", "model", "monitor", "alias", "version", "kind", "mode", "window_from", "window_to", "score",
            "threshold", "drifted", "scanned_at").build()) {
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
