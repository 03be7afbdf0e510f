package io.icegate.monitor;

import io.icegate.drift.DatasetDrift;
import io.icegate.drift.Method;
import io.icegate.gate.Metric;
import io.icegate.gate.MetricException;
import io.icegate.gate.Task;
import io.icegate.monitor.Monitor.Current;
import io.icegate.monitor.Monitor.MonitorColumn;
import io.icegate.monitor.Monitor.KpiSpec;
import io.icegate.monitor.Monitor.PerformanceSpec;
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
      "name", "alias", "current", "reference", "columns", "mode", "driftShare", "budget", "schedule", "performance",
      "kpi");
  private static final Set<String> PERFORMANCE = Set.of("metrics", "minLabelled");
  private static final Set<String> KPI = Set.of("name", "dataset", "timestampColumn", "value", "aggregate", "windows");
  private static final Set<String> PERFORMANCE_DROP = Set.of("metric", "atLeast");
  private static final Set<String> CURRENT = Set.of("dataset", "timestampColumn", "window", "filter");
  private static final Set<String> REFERENCE = Set.of("training", "dataset", "snapshotId", "snapshotTag");
  private static final Set<String> COLUMN = Set.of("name", "method", "threshold");
  private static final Set<String> BUDGET = Set.of("datasetDrift", "columnScore", "performanceDrop");
  private static final Set<String> DATASET_DRIFT = Set.of("consecutive");
  private static final Set<String> COLUMN_SCORE = Set.of("column", "method", "atLeast");

  private MonitorReader() {}

  /**
   * The monitors of an already composed policy (empty when it has none) whose task is {@code task}
   * (null when the policy's task is itself wrong); problems go to {@code problems}.
   */
  public static List<Monitor> read(YamlMap top, Task task, Problems problems) {
    List<Monitor> monitors = new ArrayList<>();
    List<Node> nodes = top.list("monitors");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = top.path("monitors") + "[" + i + "]";
      Monitor m = YamlMap.of(node, path, problems).map(map -> monitor(map, task, problems)).orElse(null);
      if (m != null && !names.add(m.name())) {
        problems.add(node, path, "two monitors are named '" + m.name() + "'; give each a distinct 'name'");
      } else if (m != null) {
        monitors.add(m);
      }
    }
    return List.copyOf(monitors);
  }

  private static Monitor monitor(YamlMap m, Task task, Problems problems) {
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
    PerformanceSpec performance = m.map("performance").map(p -> performance(p, task, problems)).orElse(null);
    boolean performanceBroken = m.get("performance").isPresent() && performance == null;
    KpiSpec kpi = m.map("kpi").map(k -> kpi(k, problems)).orElse(null);
    boolean kpiBroken = m.get("kpi").isPresent() && kpi == null;
    DriftBudget budget = m.get("budget").isEmpty() ? DriftBudget.NONE
        : m.map("budget").map(b -> budget(b, columns, performance, performanceBroken, problems)).orElse(null);
    Duration schedule = schedule(m, problems);
    if (name == null || alias == null || current == null || reference == null || columns.isEmpty()
        || budget == null || schedule == null || performanceBroken || kpiBroken) {
      return null;
    }
    return new Monitor(name, alias, current, reference, columns, mode, share, budget, schedule, performance, kpi);
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

  private static DriftBudget budget(YamlMap b, List<MonitorColumn> columns, PerformanceSpec performance,
      boolean performanceBroken, Problems problems) {
    b.rejectUnknown(BUDGET, "budget");
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
    Node drops = b.raw("performanceDrop");
    if (drops != null) {
      List<Node> nodes = drops instanceof SequenceNode ? b.list("performanceDrop") : List.of(drops);
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        String path = b.path("performanceDrop") + (nodes.size() == 1 && node == drops ? "" : "[" + i + "]");
        YamlMap.of(node, path, problems).map(d -> performanceDrop(d, performance, performanceBroken, problems))
            .ifPresent(rule -> {
              if (!ids.add(rule.id())) {
                problems.add(node, path, "two performanceDrop rules on metric '" + rule.metric() + "'");
              } else {
                rules.add(rule);
              }
            });
      }
    }
    if (b.keys().isEmpty()) {
      problems.add(b.node(), b.path(), "a budget needs at least one rule: datasetDrift, columnScore or performanceDrop");
    }
    return new DriftBudget(rules);
  }

  private static DriftBudget.PerformanceDropRule performanceDrop(YamlMap d, PerformanceSpec performance,
      boolean performanceBroken, Problems problems) {
    d.rejectUnknown(PERFORMANCE_DROP, "performanceDrop");
    String metric = d.requiredText("metric");
    BigDecimal atLeast = d.number("atLeast");
    if (d.get("atLeast").isEmpty()) {
      problems.add(d.node(), d.path("atLeast"), "required field 'atLeast' is missing (the drop below the"
          + " version's gate value that trips the rule)");
    } else if (atLeast != null && atLeast.signum() < 0) {
      problems.add(d.raw("atLeast"), d.path("atLeast"), "atLeast must be at least 0, found " + atLeast);
      return null;
    }
    if (metric == null || atLeast == null || performanceBroken) {
      return null;
    }
    if (performance == null || !performance.metrics().contains(metric)) {
      problems.add(d.raw("metric"), d.path("metric"), "metric '" + metric + "' is not measured by the monitor;"
          + " list it under 'performance.metrics'");
      return null;
    }
    return new DriftBudget.PerformanceDropRule(metric, atLeast.doubleValue());
  }

  private static PerformanceSpec performance(YamlMap p, Task task, Problems problems) {
    p.rejectUnknown(PERFORMANCE, "performance");
    List<String> metrics = new ArrayList<>();
    List<Node> nodes = p.list("metrics");
    if (nodes.isEmpty()) {
      problems.add(p.get("metrics").orElse(p.node()), p.path("metrics"),
          "performance needs at least one metric under 'metrics', e.g. [roc_auc]");
    }
    boolean ok = !nodes.isEmpty();
    for (int i = 0; i < nodes.size(); i++) {
      String path = p.path("metrics") + "[" + i + "]";
      String name = Nodes.text(nodes.get(i), path, problems);
      if (name == null) {
        ok = false;
        continue;
      }
      if (task != null) {
        try {
          Metric metric = Metric.of(task, name);
          if (metric == Metric.MULTICLASS_LOG_LOSS) {
            // the inference log keeps one score per request, not every class's probability
            problems.add(nodes.get(i), path, "multiclass log_loss needs every class's probability, which the"
                + " inference log does not keep; use accuracy, f1_macro or f1_weighted");
            ok = false;
            continue;
          }
        } catch (MetricException e) {
          problems.add(nodes.get(i), path, e.getMessage());
          ok = false;
          continue;
        }
      }
      if (metrics.contains(name)) {
        problems.add(nodes.get(i), path, "metric '" + name + "' is listed twice");
        ok = false;
      } else {
        metrics.add(name);
      }
    }
    Integer min = p.get("minLabelled").isPresent() ? p.integer("minLabelled")
        : Integer.valueOf(PerformanceSpec.DEFAULT_MIN_LABELLED);
    if (min != null && min < 1) {
      problems.add(p.raw("minLabelled"), p.path("minLabelled"), "minLabelled must be at least 1, found " + min);
      ok = false;
    }
    return ok && min != null ? new PerformanceSpec(metrics, min) : null;
  }

  private static KpiSpec kpi(YamlMap k, Problems problems) {
    k.rejectUnknown(KPI, "kpi");
    String dataset = k.requiredText("dataset");
    String ts = k.requiredText("timestampColumn");
    String aggregate = k.get("aggregate").isPresent() ? k.text("aggregate") : "sum";
    String value = k.text("value");
    boolean ok = dataset != null && ts != null && aggregate != null;
    if (aggregate != null && !KpiSpec.AGGREGATES.contains(aggregate)) {
      problems.add(k.raw("aggregate"), k.path("aggregate"), "aggregate must be one of "
          + KpiSpec.AGGREGATES.stream().sorted().toList() + ", found '" + aggregate + "'");
      ok = false;
    }
    if (value == null && !"count".equals(aggregate)) {
      problems.add(k.get("value").orElse(k.node()), k.path("value"), "required field 'value' is missing (the KPI"
          + " column to " + aggregate + "; only 'aggregate: count' needs none)");
      ok = false;
    }
    Integer windows = k.get("windows").isPresent() ? k.integer("windows") : Integer.valueOf(KpiSpec.DEFAULT_WINDOWS);
    if (windows != null && (windows < 3 || windows > 366)) {
      problems.add(k.raw("windows"), k.path("windows"), "windows must be within [3, 366] (a correlation needs"
          + " at least three), found " + windows);
      ok = false;
    }
    String name = k.get("name").isPresent() ? k.text("name") : value == null ? "count" : value;
    return ok && windows != null && name != null ? new KpiSpec(name, dataset, ts, value, aggregate, windows) : null;
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
