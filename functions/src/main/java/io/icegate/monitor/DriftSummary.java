package io.icegate.monitor;

import java.util.List;

/**
 * What {@code scanDrift} did: the scans that ran and the monitors that could not be scanned (one
 * monitor's missing data does not stop the others).
 *
 * @param scans the scans that ran, in policy order
 * @param failures the monitors refused, with why
 * @param budgets per scan, in the same order: the budget rules it tripped and the alerts and
 *     retrain trigger that followed
 */
public record DriftSummary(List<DriftScan> scans, List<Failure> failures, List<BudgetOutcome> budgets) {

  public DriftSummary {
    scans = List.copyOf(scans);
    failures = List.copyOf(failures);
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
  }

  /** Scans without budget outcomes. */
  public DriftSummary(List<DriftScan> scans, List<Failure> failures) {
    this(scans, failures, List.of());
  }

  /** A monitor (or a whole policy, monitor null) that could not be scanned. */
  public record Failure(String model, String monitor, String message) {}
}
