package io.icegate.local;

import io.icegate.gate.GateDecision;
import io.icegate.gate.GateDecision.Check;
import io.icegate.gate.GateDecision.MetricResult;
import io.icegate.store.ObjectStore;
import java.util.List;
import java.util.Locale;

/** Renders a {@link GateDecision} for people: verdict, metrics with intervals, failed checks, the report. */
final class GateText {
  private GateText() {}

  /** The decision as an indented block. */
  static void print(Output out, GateDecision d, ObjectStore store) {
    out.line("%s version %d: %s", d.model(), d.version(), d.passed() ? "PASSED" : "FAILED");
    out.line("  policy      version %s (%s)", d.policyVersion(), d.task());
    out.line("  evaluation  %s@%d, %d rows", d.dataset(), d.snapshotId(), d.rows());
    out.line("  candidate   %s", d.candidatePredictions().key());
    if (d.baselineVersion() == null) {
      out.line("  baseline    none: judged on absolute thresholds only");
    } else {
      out.line("  baseline    version %d (%s)", d.baselineVersion(),
          d.baselinePredictions() == null ? "-" : d.baselinePredictions().key());
    }
    out.line("");
    out.line("  %-18s %-7s %10s %10s %11s  %s", "METRIC", "BETTER", "CANDIDATE", "BASELINE", "DIFFERENCE",
        "INTERVAL OF THE DIFFERENCE");
    for (MetricResult m : d.metrics()) {
      out.line("  %-18s %-7s %10s %10s %11s  %s", m.metric(), m.greaterIsBetter() ? "higher" : "lower",
          num(m.candidate()), m.baseline() == null ? "-" : num(m.baseline()),
          m.baseline() == null ? "-" : signed(m.candidate() - m.baseline()), interval(m.difference()));
    }
    out.line("");
    List<Check> failed = d.checks().stream().filter(c -> !c.passed()).toList();
    out.line("  checks      %d passed, %d failed", d.checks().size() - failed.size(), failed.size());
    for (Check c : failed) {
      out.line("  FAIL  %s %s: %s", c.subject(), c.criterion(), c.explanation());
    }
    out.line("");
    out.line("  report      %s", Landing.onDisk(store, d.reportKey()));
    out.line("  decision    %s", d.decisionId());
  }

  private static String interval(GateDecision.Interval i) {
    if (i == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.0f%% [%s, %s] (%d resamples%s, seed %d)", i.confidence() * 100,
        signed(i.lower()), signed(i.upper()), i.resamples(), i.skipped() == 0 ? "" : ", " + i.skipped() + " skipped",
        i.seed());
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String signed(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }
}
