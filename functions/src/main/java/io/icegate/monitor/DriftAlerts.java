package io.icegate.monitor;

import io.icegate.gate.GatePolicy;
import io.icegate.monitor.BudgetOutcome.Notice;
import io.icegate.monitor.BudgetOutcome.Status;
import io.icegate.notify.Alert;
import io.icegate.notify.Dispatch;
import io.icegate.notify.Notifications;
import io.icegate.notify.NotifyPolicy;
import io.icegate.notify.RetrainTrigger;
import io.icegate.notify.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a scan's tripped budget rules into notifications: one alert per rule (its dedupe key is
 * the monitor and rule, so a standing drift is suppressed by the cooldown) and one retrain trigger
 * for the watched alias and version.
 */
final class DriftAlerts {

  private static final Logger LOG = LoggerFactory.getLogger(DriftAlerts.class);

  /** Null on a platform without a notifier: budgets are still evaluated and recorded. */
  private final Notifications notifications;

  DriftAlerts(Notifications notifications) {
    this.notifications = notifications;
  }

  /** Evaluates {@code monitor}'s budget on {@code scan} and sends what it trips. */
  BudgetOutcome check(GatePolicy policy, Monitor monitor, DriftScan scan, List<DriftBudget.Verdict> recent,
      String reportUrl) {
    List<DriftBudget.Trip> trips = monitor.budget().evaluate(scan, recent);
    if (trips.isEmpty()) {
      return BudgetOutcome.within(scan);
    }
    NotifyPolicy notify = policy.notifications();
    List<BudgetOutcome.TrippedRule> tripped = new ArrayList<>();
    for (DriftBudget.Trip t : trips) {
      Notice alert;
      if (notify.alerts() == null) {
        alert = new Notice(Status.NOT_CONFIGURED, null, null, "the policy has no 'alerts' section");
      } else {
        alert = send(() -> notifications.alert(alert(scan, t, reportUrl), notify.alerts()));
      }
      tripped.add(new BudgetOutcome.TrippedRule(t.rule(), t.reason(), t.evidence(), alert));
    }
    Notice retrain;
    if (notify.retrain() == null) {
      retrain = new Notice(Status.NOT_CONFIGURED, null, null, "the policy has no 'retrain' section");
    } else if (scan.version() == null) {
      retrain = new Notice(Status.SKIPPED, null, null, "alias '" + scan.alias() + "' points at no version");
    } else {
      retrain = send(() -> notifications.retrain(trigger(scan, trips, reportUrl), notify.retrain()));
    }
    return new BudgetOutcome(scan.scanId(), scan.model(), scan.monitor(), tripped, retrain);
  }

  private Notice send(Supplier<Dispatch> dispatch) {
    if (notifications == null) {
      return new Notice(Status.SKIPPED, null, null, "this platform has no notifier");
    }
    Dispatch d;
    try {
      d = dispatch.get();
    } catch (RuntimeException e) {
      // the scan is recorded already; its notice says what failed without quoting secrets or URLs
      LOG.warn("drift notification failed: {}", e.getClass().getName());
      return new Notice(Status.UNDELIVERED, null, null, "not sent: " + e.getClass().getSimpleName());
    }
    if (!d.fired()) {
      return new Notice(Status.SUPPRESSED, d.decision().decisionId(), d.decision().suppressedUntil(),
          "fired at " + d.decision().lastFiredAt() + ", cooldown " + d.decision().cooldown());
    }
    String channels = d.deliveries().stream().map(x -> x.channel() + " " + x.outcome().json())
        .collect(Collectors.joining(", "));
    return new Notice(d.delivered() ? Status.DELIVERED : Status.UNDELIVERED, d.decision().decisionId(), null,
        channels);
  }

  private static Alert alert(DriftScan scan, DriftBudget.Trip trip, String reportUrl) {
    List<String> summary = List.of(
        "alias " + scan.alias() + (scan.version() == null ? "" : " version " + scan.version()),
        "current " + scan.currentDataset() + " over [" + scan.windowFrom() + ", " + scan.windowTo() + ")",
        "reference " + scan.referenceDataset() + " at snapshot " + scan.referenceSnapshotId(),
        "drifted columns: " + drifted(scan));
    Map<String, String> facts = new LinkedHashMap<>();
    trip.evidence().forEach((k, v) -> facts.put(k, v instanceof Double x ? DriftBudget.num(x) : String.valueOf(v)));
    facts.put("scan", scan.scanId());
    return new Alert(scan.model(), scan.monitor(), Severity.WARNING,
        scan.model() + " / " + scan.monitor() + ": " + trip.reason(), summary, reportUrl, facts,
        scan.monitor() + "/" + trip.rule());
  }

  private static RetrainTrigger trigger(DriftScan scan, List<DriftBudget.Trip> trips, String reportUrl) {
    Map<String, Object> drift = new LinkedHashMap<>();
    drift.put("scan", scan.scanId());
    drift.put("rules", trips.stream().map(DriftBudget.Trip::rule).toList());
    drift.put("driftShare", scan.dataset().share());
    drift.put("driftedColumns", scan.columns().stream().filter(c -> c.result().drifted())
        .map(ColumnDrift::column).toList());
    return new RetrainTrigger(scan.model(), scan.alias(), scan.version(), scan.monitor(),
        trips.stream().map(DriftBudget.Trip::reason).collect(Collectors.joining("; ")), drift, reportUrl);
  }

  private static String drifted(DriftScan scan) {
    String names = scan.columns().stream().filter(c -> c.result().drifted()).map(ColumnDrift::column)
        .collect(Collectors.joining(", "));
    return names.isEmpty() ? "none" : names;
  }
}
