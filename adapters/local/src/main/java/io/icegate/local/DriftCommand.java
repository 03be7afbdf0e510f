package io.icegate.local;

import io.icegate.monitor.BudgetOutcome;
import io.icegate.monitor.ColumnDrift;
import io.icegate.monitor.DriftScan;
import io.icegate.monitor.DriftSummary;
import io.icegate.monitor.Panels;
import io.icegate.monitor.ScanMode;
import io.icegate.monitor.ScanRequest;
import io.icegate.store.ObjectStore;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icegate drift}: drift scans of the monitors in the model policies. */
@Command(name = "drift", description = "Scan for data drift with the monitors of the model policies.")
final class DriftCommand {

  @Spec CommandSpec spec;

  @Command(name = "scan", description = {
      "Run drift scans now: every monitor of every model with a policy, or the ones named.",
      "Each monitor compares the current window of its dataset with its reference (by default the training"
          + " snapshot of the version behind its alias), column by column with Evidently's default tests, and"
          + " records the results in icegate.drift_results and an HTML report in reports/drift/<model>/<scan>.html.",
      "Exit code 0 when every scan ran (drift or not), 1 when a monitor was refused, 2 on a usage error."
          + " --json prints the DriftSummary."})
  int scan(
      @Option(names = "--model", paramLabel = "MODEL", description = "only this model's monitors") String model,
      @Option(names = "--monitor", paramLabel = "NAME", description = "only this monitor (needs --model)") String monitor,
      @Option(names = "--mode", paramLabel = "MODE", description = "auto, profile or exact (default: each monitor's)")
          String mode,
      @Option(names = "--at", paramLabel = "TIME", description = "end of the current window (default: now),"
          + " e.g. 2026-11-27T00:00:00Z") Instant at) throws Exception {
    Output out = IcegateCli.output(spec);
    if (model != null) {
      Args.name(spec, "model", model);
    }
    if (monitor != null && model == null) {
      throw Args.usage(spec, "--monitor needs --model");
    }
    ScanMode scanMode = null;
    if (mode != null) {
      try {
        scanMode = ScanMode.of(mode);
      } catch (IllegalArgumentException e) {
        throw Args.usage(spec, e.getMessage());
      }
    }
    // an explicit time: the empty request is the scheduler's and would scan only due monitors
    ScanRequest request = new ScanRequest(model, monitor, scanMode, at == null ? Instant.now() : at);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      DriftSummary summary = Progress.run(out, "scanning for drift",
          () -> services.drift().scan(request));
      if (out.json()) {
        out.json(summary);
      } else {
        print(out, services.store(), summary);
      }
      return summary.failures().isEmpty() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  /** The quality figures that are not zero, the live metrics and the KPI, a line each. */
  private static void panels(Output out, Panels p) {
    for (Panels.Quality q : p.quality()) {
      if (q.current() > 0) {
        out.line("  quality    %s %s: %s of the window%s (%s)", q.column(), q.check().replace('_', ' '),
            percent(q.current()), q.reference() == null ? "" : ", " + percent(q.reference()) + " of the reference",
            q.detail());
      }
    }
    if (p.performance() != null) {
      Panels.Performance f = p.performance();
      for (Panels.Metric m : f.metrics()) {
        out.line("  live       %s %s (at the gate %s) on %d of %d predictions labelled%s", m.metric(),
            m.value() == null ? "n/a" : GateText.num(m.value()), m.baseline() == null ? "n/a" : GateText.num(m.baseline()),
            f.labelled(), f.predictions(), f.judged() ? "" : ", too few to judge");
      }
    }
    if (p.kpi() != null) {
      Panels.Kpi k = p.kpi();
      out.line("  kpi        %s(%s) %s, model output %s, correlation %s over %d windows", k.aggregate(), k.name(),
          k.level() == null ? "n/a" : GateText.num(k.level()), k.output() == null ? "n/a" : GateText.num(k.output()),
          k.correlation() == null ? "n/a" : GateText.num(k.correlation()), k.windows());
    }
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  private static void budget(Output out, BudgetOutcome b) {
    for (BudgetOutcome.TrippedRule t : b.tripped()) {
      out.line("  budget     TRIPPED %s: %s; alert %s", t.rule(), t.reason(), notice(t.alert()));
    }
    if (b.retrain() != null) {
      out.line("  retrain    %s", notice(b.retrain()));
    }
  }

  /** One line per notice, e.g. {@code suppressed until 2026-11-27T16:00:00Z}. */
  static String notice(BudgetOutcome.Notice n) {
    String s = n.status().json().replace('_', ' ');
    if (n.suppressedUntil() != null) {
      return s + " until " + n.suppressedUntil();
    }
    return n.detail() == null || n.detail().isEmpty() ? s : s + " (" + n.detail() + ")";
  }

  /** Prints each scan: verdict, window, mode, the columns, the report path and the budget outcome. */
  static void print(Output out, ObjectStore store, DriftSummary summary) {
    if (summary.scans().isEmpty() && summary.failures().isEmpty()) {
      out.line("no monitors to scan (add a 'monitors' section to config/policies/<model>.yaml)");
    }
    for (int i = 0; i < summary.scans().size(); i++) {
      DriftScan s = summary.scans().get(i);
      out.line("%s / %s (alias %s%s): %s", s.model(), s.monitor(), s.alias(),
          s.version() == null ? "" : ", version " + s.version(),
          s.dataset().drifted() ? "DATASET DRIFT" : "no dataset drift");
      out.line("  reference  %s at snapshot %d", s.referenceDataset(), s.referenceSnapshotId());
      out.line("  current    %s over [%s, %s)", s.currentDataset(), s.windowFrom(), s.windowTo());
      out.line("  mode       %s: %s", s.mode().id(), s.modeReason());
      out.line("  %-24s %-13s %-14s %10s %10s %10s %10s  %s", "COLUMN", "TYPE", "METHOD", "SCORE", "THRESHOLD",
          "REFERENCE", "CURRENT", "DRIFT");
      for (ColumnDrift c : s.columns()) {
        out.line("  %-24s %-13s %-14s %10s %10s %10d %10d  %s", c.column(), c.type().name().toLowerCase(Locale.ROOT),
            c.result().method().id(), GateText.num(c.result().score()), GateText.num(c.result().threshold()),
            c.referenceCount(), c.currentCount(), c.result().drifted() ? "DRIFT" : "-");
      }
      out.line("  dataset    %d of %d columns drifted (share %s, drifts at %s)", s.dataset().driftedColumns(),
          s.dataset().columns(), GateText.num(s.dataset().share()), GateText.num(s.dataset().driftShare()));
      panels(out, s.panels());
      out.line("  scan       %s", s.scanId());
      out.line("  report     %s", Landing.onDisk(store, s.reportKey()));
      if (i < summary.budgets().size()) {
        budget(out, summary.budgets().get(i));
      }
    }
    for (DriftSummary.Failure f : summary.failures()) {
      out.line("%s%s: REFUSED: %s", f.model(), f.monitor() == null ? "" : " / " + f.monitor(), f.message());
    }
  }
}
