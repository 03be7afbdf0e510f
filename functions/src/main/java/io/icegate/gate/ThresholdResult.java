package io.icegate.gate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of one {@link MetricThreshold} rule.
 *
 * @param metric the metric's name
 * @param candidate the candidate's value
 * @param baseline the baseline's value, or null when there was none
 * @param checks one entry per criterion set in the rule, in the order threshold, min absolute
 *     change, min relative change, non-inferiority
 */
public record ThresholdResult(
    String metric, double candidate, Double baseline, List<Check> checks) {

  public ThresholdResult {
    checks = List.copyOf(checks);
  }

  /** The criteria of a rule. */
  public enum Criterion {
    THRESHOLD("threshold"),
    MIN_ABSOLUTE_CHANGE("min_absolute_change"),
    MIN_RELATIVE_CHANGE("min_relative_change"),
    NON_INFERIORITY("non_inferiority_margin");

    private final String ruleName;

    Criterion(String ruleName) {
      this.ruleName = ruleName;
    }

    /** The snake_case name of the criterion in a policy. */
    public String ruleName() {
      return ruleName;
    }
  }

  /** One criterion's verdict and why. */
  public record Check(Criterion criterion, boolean passed, String message) {}

  /** True when every criterion passed. */
  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /** The checks' messages, failures first, one per line. */
  public String explanation() {
    return checks.stream()
        .sorted((a, b) -> Boolean.compare(a.passed(), b.passed()))
        .map(Check::message)
        .collect(Collectors.joining("\n"));
  }
}
