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

/**
 * Reads the {@code monitors} section of {@code config/policies/<model>.yaml}. Like the rest of the
 * policy, every problem has a line and unknown keys are refused: a misspelt column override that
 * silently fell back to the default would test something else than the owner asked for.
 */
public final class MonitorReader {

  /** The top-level key this reader owns in a policy. */
  public static final Set<String> SECTIONS = Set.of("monitors");

  private static final Set<String> MONITOR = Set.of(
      "name", "alias", "current", "reference", "columns", "mode", "driftShare");
  private static final Set<String> CURRENT = Set.of("dataset", "timestampColumn", "window", "filter");
  private static final Set<String> REFERENCE = Set.of("training", "dataset", "snapshotId", "snapshotTag");
  private static final Set<String> COLUMN = Set.of("name", "method", "threshold");

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
    if (name == null || alias == null || current == null || reference == null || columns.isEmpty()) {
      return null;
    }
    return new Monitor(name, alias, current, reference, columns, mode, share);
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
