package io.icegate.local;

import io.icegate.ingest.CheckOutcome;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.store.ObjectStore;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link IngestReport} for people: outcome, counts, checks, reasons, where to look. */
final class ReportText {
  private ReportText() {}

  /** The full report as an indented block. */
  static void print(Output out, IngestReport r, ObjectStore store) {
    out.line("%s: %s%s", name(r), label(r.status()),
        r.dataset() == null ? "" : " (dataset " + r.dataset() + ")");
    if (r.status() == IngestStatus.QUARANTINED && r.rowsIn() > 0) {
      out.line("  rows        %d in, none accepted: the whole file is in quarantine", r.rowsIn());
    } else if (r.rowsIn() > 0 || r.status() == IngestStatus.COMMITTED) {
      out.line("  rows        %d in, %d accepted, %d rejected", r.rowsIn(), r.rowsAccepted(), r.rowsRejected());
    }
    if (r.snapshotId() != null) {
      out.line("  snapshot    %d%s", r.snapshotId(), r.duplicateOf() == null ? "" : " (of batch " + r.duplicateOf() + ")");
    }
    out.line("  batch       %s (%d ms)", r.batchId(), r.millis());
    if (r.contractId() != null) {
      out.line("  contract    %s %s", r.contractId(), r.contractVersion());
    }
    String heading = "  reasons     ";
    for (String reason : r.reasons()) {
      out.line("%s- %s", heading, reason);
      heading = "              ";
    }
    heading = "  rejected    ";
    for (Map.Entry<String, Long> e : r.rejectedByReason().entrySet()) {
      out.line("%s%6d  %s", heading, e.getValue(), e.getKey());
      heading = "              ";
    }
    heading = "  checks      ";
    for (CheckOutcome c : r.checks()) {
      out.line("%s%s  %s: %s = %s (%s)%s", heading, c.passed() ? "pass" : "FAIL", c.rule(), c.description(),
          c.measured(), c.expectation(), c.passed() || "error".equals(c.severity()) ? "" : ", " + c.severity());
      heading = "              ";
    }
    heading = "  warnings    ";
    for (String w : r.warnings()) {
      out.line("%s- %s", heading, w);
      heading = "              ";
    }
    if (r.archive() != null) {
      out.line("  archived    %s", Landing.onDisk(store, r.archive()));
    }
    if (r.quarantine() != null) {
      out.line("  quarantine  %s  (report.json, rejected.jsonl, original/)", Landing.onDisk(store, r.quarantine()));
    }
    if (r.status() == IngestStatus.FAILED && r.key() != null && r.key().startsWith(IngestFunction.LANDING)) {
      out.line("  left in     %s", Landing.onDisk(store, r.key()));
    }
  }

  /** One line per outcome, for the watcher. */
  static String oneLine(IngestReport r) {
    String what = switch (r.status()) {
      case COMMITTED -> String.format(Locale.ROOT, "%d rows committed (%d rejected), snapshot %d",
          r.rowsAccepted(), r.rowsRejected(), r.snapshotId());
      case DUPLICATE -> "same content as batch " + r.duplicateOf() + ", nothing written";
      case QUARANTINED -> (r.reasons().isEmpty() ? "" : r.reasons().get(0) + " -> ") + r.quarantine();
      case FAILED -> r.reasons().isEmpty() ? "no reason given" : r.reasons().get(0);
    };
    return String.format(Locale.ROOT, "%-11s %s  %s  [batch %s, %d ms]", label(r.status()), r.key(), what,
        r.batchId(), r.millis());
  }

  private static String label(IngestStatus s) {
    return s.name();
  }

  private static String name(IngestReport r) {
    return r.key() == null ? "upload" : r.key().substring(r.key().lastIndexOf('/') + 1);
  }
}
