package io.icegate.monitor;

import io.icegate.drift.DatasetDrift;
import io.icegate.drift.Method;
import io.icegate.monitor.Monitor.Current;
import io.icegate.monitor.Monitor.MonitorColumn;
import io.icegate.monitor.Monitor.Reference;
import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.yaml.YamlMap;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code monitors} section of {@code config/policies/<model>.yaml}. Like the rest of the
 * policy, every problem has a line and unknown keys are refused: a misspelt column override that
 * silently fell back to the default would test something else than the owner asked for.
 */
public final class MonitorReader {

  /** The top-level key this reader owns in a policy. */
  public static final Set<String> SECTIONS = Set.of("monitors");

  private static final Set<String> MONITOR = Set.of(
      "name", "alias", "current", "reference", "columns", "mode", "driftShare", "budget", "schedule");
  private static final Set<String> CURRENT = Set.of("dataset", "timestampColumn", "window", "filter");
  private static final Set<String> REFERENCE = Set.of("training", "dataset", "snapshotId", "snapshotTag");
  private static final Set<String> COLUMN = Set.of("name", "method", "threshold");
  private static final Set<String> BUDGET = Set.of("datasetDrift", "columnScore");
  private static final Set<String> DATASET_DRIFT = Set.of("consecutive");
  private static final Set<String> COLUMN_SCORE = Set.of("column", "method", "atLeast");

  private MonitorReader() {}

  /** The monitors of an already composed policy (empty when it has none); problems go to {@code problems}. */
  public static List<Monitor> read(YamlMap top, Problems problems) {
    List<Monitor> monitors = new ArrayList<>();
    List<Node> nodes = top.list("monitors");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = top.path("monitors") + "[" + i + "]";
      Monitor m = YamlMap.of(node, path, problems).map(map -> monitor(map, problems)).orElse(null);
      if (m != null && !names.add(m.name())) {
        problems.add(node, path, "two monitors are named '" + m.name() + "'; give each a distinct 'name'");
      } else if (m != null) {
        monitors.add(m);
      }
    }
    return List.copyOf(monitors);
  }

  private static Monitor monitor(YamlMap m, Problems problems) {
    m.rejectUnknown(MONITOR, "a monitor");
    String name = m.requiredText("name");
    String alias = m.get("alias").isPresent() ? m.text("alias") : Monitor.DEFAULT_ALIAS;
    Current current = m.map("current").map(c -> current(c, problems)).orElse(null);
    if (m.get("current").isEmpty()) {
      problems.add(m.node(), m.path("current"),
          "required field 'current' is missing (dataset, timestampColumn and window)");
    }
    Reference reference = m.get("reference").isEmpty() ? Reference.TRAINING
        : m.map("reference").map(r -> reference(r, problems)).orElse(null);
    List<MonitorColumn> columns = columns(m, problems);
    ScanMode mode = ScanMode.AUTO;
    String modeText = m.text("mode");
    if (modeText != null) {
      try {
        mode = ScanMode.of(modeText);
      } catch (IllegalArgumentException e) {
        problems.add(m.raw("mode"), m.path("mode"), e.getMessage());
      }
    }
    double share = DatasetDrift.DEFAULT_DRIFT_SHARE;
    BigDecimal shareNumber = m.number("driftShare");
    if (shareNumber != null) {
      share = shareNumber.doubleValue();
      if (!(share > 0 && share <= 1)) {
        problems.add(m.raw("driftShare"), m.path("driftShare"),
            "driftShare is the share of drifted columns at which the dataset drifts: above 0 and at most 1, found "
                + shareNumber);
      }
    }
    DriftBudget budget = m.get("budget").isEmpty() ? DriftBudget.NONE
        : m.map("budget").map(b -> budget(b, columns, problems)).orElse(null);
    Duration schedule = schedule(m, problems);
    if (name == null || alias == null || current == null || reference == null || columns.isEmpty()
        || budget == null || schedule == null) {
      return null;
    }
    return new Monitor(name, alias, current, reference, columns, mode, share, budget, schedule);
  }

  private static Duration schedule(YamlMap m, Problems problems) {
    String text = m.text("schedule");
    if (text == null) {
      return m.get("schedule").isPresent() ? null : Monitor.DEFAULT_SCHEDULE;
    }
    try {
      Duration d = Duration.parse(text);
      if (d.compareTo(Duration.ofMinutes(1)) < 0) {
        problems.add(m.raw("schedule"), m.path("schedule"), "schedule must be at least PT1M, found " + text);
        return null;
      }
      return d;
    } catch (DateTimeParseException e) {
      problems.add(m.raw("schedule"), m.path("schedule"),
          "schedule must be an ISO-8601 duration such as PT1H or P1D, found '" + text + "'");
      return null;
    }
  }

  private static DriftBudget budget(YamlMap b, List<MonitorColumn> columns, Problems problems) {
    b.get("performanceDrop").ifPresent(n -> problems.add(n, b.path("performanceDrop"),
        "performanceDrop is not supported yet: drift scans do not compute performance; use datasetDrift or columnScore"));
    b.rejectUnknown(union(BUDGET, Set.of("performanceDrop")), "budget");
    List<DriftBudget.Rule> rules = new ArrayList<>();
    b.map("datasetDrift").ifPresent(d -> {
      d.rejectUnknown(DATASET_DRIFT, "datasetDrift");
      Integer n = d.get("consecutive").isPresent() ? d.integer("consecutive") : Integer.valueOf(1);
      if (n != null && n < 1) {
        problems.add(d.raw("consecutive"), d.path("consecutive"), "consecutive must be at least 1, found " + n);
      } else if (n != null) {
        rules.add(new DriftBudget.DatasetDriftRule(n));
      }
    });
    Node scores = b.raw("columnScore");
    if (scores != null) {
      List<Node> nodes = scores instanceof SequenceNode
          ? b.list("columnScore") : List.of(scores);
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        String path = b.path("columnScore") + (nodes.size() == 1 && node == scores ? "" : "[" + i + "]");
        YamlMap.of(node, path, problems).map(c -> columnScore(c, columns, problems)).ifPresent(rule -> {
          if (!ids.add(rule.id())) {
            problems.add(node, path, "two columnScore rules on column '" + rule.column() + "' with " + rule.method().id());
          } else {
            rules.add(rule);
          }
        });
      }
    }
    if (b.keys().isEmpty()) {
      problems.add(b.node(), b.path(), "a budget needs at least one rule: datasetDrift or columnScore");
    }
    return new DriftBudget(rules);
  }

  private static DriftBudget.ColumnScoreRule columnScore(YamlMap c, List<MonitorColumn> columns, Problems problems) {
    c.rejectUnknown(COLUMN_SCORE, "columnScore");
    String column = c.requiredText("column");
    String methodText = c.requiredText("method");
    BigDecimal atLeast = c.number("atLeast");
    if (c.get("atLeast").isEmpty()) {
      problems.add(c.node(), c.path("atLeast"), "required field 'atLeast' is missing (the score that trips the rule)");
    }
    Method method = null;
    if (methodText != null) {
      try {
        method = Method.of(methodText);
        if (method.pValue()) {
          problems.add(c.raw("method"), c.path("method"), "columnScore needs a distance method (psi, wasserstein,"
              + " jensenshannon), not the p-value test " + method.id());
          method = null;
        }
      } catch (IllegalArgumentException e) {
        problems.add(c.raw("method"), c.path("method"), e.getMessage());
      }
    }
    if (atLeast != null && atLeast.signum() < 0) {
      problems.add(c.raw("atLeast"), c.path("atLeast"), "atLeast must be at least 0, found " + atLeast);
      return null;
    }
    if (column == null || method == null || atLeast == null) {
      return null;
    }
    MonitorColumn tested = columns.stream().filter(mc -> mc.name().equals(column)).findFirst().orElse(null);
    if (tested == null) {
      problems.add(c.raw("column"), c.path("column"), "column '" + column + "' is not among the monitor's columns");
      return null;
    }
    if (tested.method() != method) {
      // the scan picks a default method by data size; a rule on a score must not silently read another method's
      problems.add(c.raw("method"), c.path("method"), "column '" + column + "' is tested with "
          + (tested.method() == null ? "the default method" : tested.method().id()) + "; give it 'method: "
          + method.id() + "' under 'columns' so its " + method.id() + " score is computed");
      return null;
    }
    return new DriftBudget.ColumnScoreRule(column, method, atLeast.doubleValue());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  private static Current current(YamlMap c, Problems problems) {
    c.rejectUnknown(CURRENT, "current");
    String dataset = c.requiredText("dataset");
    String ts = c.requiredText("timestampColumn");
    Duration window = null;
    String text = c.requiredText("window");
    if (text != null) {
      try {
        window = Duration.parse(text);
        if (window.isNegative() || window.isZero()) {
          problems.add(c.raw("window"), c.path("window"), "window must be positive, found " + text);
          window = null;
        }
      } catch (DateTimeParseException e) {
        problems.add(c.raw("window"), c.path("window"),
            "window must be an ISO-8601 duration such as P1D or PT6H, found '" + text + "'");
      }
    }
    Map<String, String> filter = new LinkedHashMap<>();
    c.map("filter").ifPresent(f -> {
      for (String column : f.keys()) {
        Node value = f.raw(column);
        if (value instanceof ScalarNode && !Nodes.isNull(value)) {
          filter.put(column, ((ScalarNode) value).getValue());
        } else {
          problems.add(value, f.path(column), "a filter value must be a single value (compared as text)");
        }
      }
    });
    return dataset == null || ts == null || window == null ? null : new Current(dataset, ts, window, filter);
  }

  private static Reference reference(YamlMap r, Problems problems) {
    r.rejectUnknown(REFERENCE, "reference");
    boolean training = r.flag("training");
    String dataset = r.text("dataset");
    BigDecimal id = r.number("snapshotId");
    String tag = r.text("snapshotTag");
    if (training) {
      for (String other : List.of("dataset", "snapshotId", "snapshotTag")) {
        r.get(other).ifPresent(n -> problems.add(n, r.path(other),
            "'" + other + "' does not apply to 'training: true' (the reference is the watched version's training snapshot)"));
      }
      return Reference.TRAINING;
    }
    if (dataset == null) {
      problems.add(r.node(), r.path(), "give 'training: true' or a 'dataset' with 'snapshotId' or 'snapshotTag'");
      return null;
    }
    if ((id == null) == (tag == null)) {
      problems.add(r.node(), r.path(), "pin the reference dataset with exactly one of 'snapshotId' and 'snapshotTag'");
      return null;
    }
    return new Reference(false, dataset, id == null ? null : id.longValueExact(), tag);
  }

  private static List<MonitorColumn> columns(YamlMap m, Problems problems) {
    List<MonitorColumn> out = new ArrayList<>();
    List<Node> nodes = m.list("columns");
    if (nodes.isEmpty()) {
      problems.add(m.get("columns").orElse(m.node()), m.path("columns"),
          "a monitor needs at least one column to test");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = m.path("columns") + "[" + i + "]";
      MonitorColumn column = node instanceof ScalarNode
          ? new MonitorColumn(Nodes.text(node, path, problems), null, null)
          : YamlMap.of(node, path, problems).map(c -> column(c, problems)).orElse(null);
      if (column == null || column.name() == null) {
        continue;
      }
      if (!seen.add(column.name())) {
        problems.add(node, path, "column '" + column.name() + "' is listed twice");
      } else {
        out.add(column);
      }
    }
    return out;
  }

  private static MonitorColumn column(YamlMap c, Problems problems) {
    c.rejectUnknown(COLUMN, "a monitor column");
    String name = c.requiredText("name");
    Method method = null;
    String methodText = c.text("method");
    if (methodText != null) {
      try {
        method = Method.of(methodText);
      } catch (IllegalArgumentException e) {
        problems.add(c.raw("method"), c.path("method"), e.getMessage());
      }
    }
    BigDecimal threshold = c.number("threshold");
    Double t = threshold == null ? null : threshold.doubleValue();
    if (t != null) {
      boolean pValue = method != null && method.pValue();
      if (t < 0 || (pValue && t > 1)) {
        problems.add(c.raw("threshold"), c.path("threshold"), "threshold" + (method == null ? "" : " for " + method.id()) + " must be "
            + (pValue ? "within [0, 1]" : "at least 0") + ", found " + threshold);
      }
    }
    return new MonitorColumn(name, method, t);
  }
}
