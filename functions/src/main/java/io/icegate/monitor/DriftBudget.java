package io.icegate.monitor;

import io.icegate.drift.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A monitor's drift budget: the rules that, when one trips after a scan, alert the owners and
 * trigger a retrain. A scan with drift inside the budget is recorded and tells nobody.
 *
 * @param rules the rules, in policy order; empty for a monitor that only records
 */
public record DriftBudget(List<Rule> rules) {

  /** A budget without rules. */
  public static final DriftBudget NONE = new DriftBudget(List.of());

  public DriftBudget {
    rules = List.copyOf(rules);
  }

  /** How many recent dataset verdicts of the monitor the rules need, this scan's included. */
  public int history() {
    return rules.stream().mapToInt(Rule::history).max().orElse(0);
  }

  /**
   * The rules {@code scan} trips, in policy order.
   *
   * @param recent the monitor's latest dataset verdicts, newest first, this scan's included
   */
  public List<Trip> evaluate(DriftScan scan, List<Verdict> recent) {
    List<Trip> out = new ArrayList<>();
    for (Rule r : rules) {
      r.evaluate(scan, recent).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** One budget rule. */
  public sealed interface Rule permits DatasetDriftRule, ColumnScoreRule, PerformanceDropRule {

    /** Stable id within the monitor, part of the alert's dedupe key. */
    String id();

    /** Dataset verdicts this rule reads, this scan's included. */
    default int history() {
      return 1;
    }

    /** The trip with its evidence, or empty when the scan is inside this rule. */
    Optional<Trip> evaluate(DriftScan scan, List<Verdict> recent);
  }

  /** Trips when the dataset drifted in each of the monitor's last {@code consecutive} scans. */
  public record DatasetDriftRule(int consecutive) implements Rule {

    public DatasetDriftRule {
      if (consecutive < 1) {
        throw new IllegalArgumentException("consecutive must be at least 1, found " + consecutive);
      }
    }

    @Override
    public String id() {
      return "datasetDrift";
    }

    @Override
    public int history() {
      return consecutive;
    }

    @Override
    public Optional<Trip> evaluate(DriftScan scan, List<Verdict> recent) {
      List<Verdict> last = recent.stream().limit(consecutive).toList();
      if (last.size() < consecutive || !last.stream().allMatch(Verdict::drifted)) {
        return Optional.empty();
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("drift share", scan.dataset().share());
      evidence.put("drift share threshold", scan.dataset().driftShare());
      evidence.put("drifted columns", scan.columns().stream().filter(c -> c.result().drifted())
          .map(ColumnDrift::column).toList());
      evidence.put("consecutive scans", last.stream().map(Verdict::scanId).toList());
      String reason = "dataset drift in " + (consecutive == 1 ? "the latest scan" : consecutive + " consecutive scans")
          + " (share " + num(scan.dataset().share()) + " >= " + num(scan.dataset().driftShare()) + ")";
      return Optional.of(new Trip(id(), reason, evidence));
    }
  }

  /**
   * Trips when {@code column}'s score under {@code method} (a distance, so larger is more drift) is
   * at least {@code atLeast}, e.g. prediction PSI >= 0.2.
   */
  public record ColumnScoreRule(String column, Method method, double atLeast) implements Rule {

    public ColumnScoreRule {
      if (method.pValue()) {
        throw new IllegalArgumentException("columnScore needs a distance method, not the p-value test " + method.id());
      }
    }

    @Override
    public String id() {
      return "columnScore/" + column + "/" + method.id();
    }

    @Override
    public Optional<Trip> evaluate(DriftScan scan, List<Verdict> recent) {
      ColumnDrift c = scan.columns().stream().filter(d -> d.column().equals(column)).findFirst().orElse(null);
      if (c == null || c.result().method() != method || !(c.result().score() >= atLeast)) {
        // the reader ties the rule to a column tested with this method, so a mismatch is not reachable from a policy
        return Optional.empty();
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("column", column);
      evidence.put("method", method.id());
      evidence.put("score", c.result().score());
      evidence.put("at least", atLeast);
      return Optional.of(new Trip(id(), column + " " + method.id().toUpperCase(Locale.ROOT) + " "
          + num(c.result().score()) + " >= " + num(atLeast), evidence));
    }
  }

  /**
   * Trips when the watched version's live {@code metric} (its labelled predictions in the window)
   * is at least {@code atLeast} worse than its value in the gate decision that passed it. A window
   * with fewer labels than the monitor's {@code minLabelled}, or a version without a passing
   * decision, is not judged.
   */
  public record PerformanceDropRule(String metric, double atLeast) implements Rule {

    @Override
    public String id() {
      return "performanceDrop/" + metric;
    }

    @Override
    public Optional<Trip> evaluate(DriftScan scan, List<Verdict> recent) {
      Panels.Performance p = scan.panels().performance();
      Panels.Metric m = p == null ? null : p.metric(metric);
      Double drop = m == null ? null : m.drop();
      if (m == null || !p.judged() || drop == null || !(drop >= atLeast)) {
        return Optional.empty();
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("metric", metric);
      evidence.put("live value", m.value());
      evidence.put("gate value", m.baseline());
      evidence.put("drop", drop);
      evidence.put("at least", atLeast);
      evidence.put("labelled predictions", p.labelled());
      return Optional.of(new Trip(id(), metric + " fell " + num(drop) + " (>= " + num(atLeast) + ") from "
          + num(m.baseline()) + " at the gate to " + num(m.value()) + " on " + p.labelled() + " labelled predictions",
          evidence));
    }
  }

  /**
   * A tripped rule.
   *
   * @param rule the rule's id
   * @param reason one line, e.g. {@code "score PSI 0.231 >= 0.2"}
   * @param evidence the figures behind it, as JSON values, in order
   */
  public record Trip(String rule, String reason, Map<String, Object> evidence) {
    public Trip {
      evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
  }

  /** One past dataset verdict of a monitor, from {@code icegate.drift_results}. */
  public record Verdict(String scanId, Instant scannedAt, boolean drifted) {}

  static String num(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
