package io.icegate.monitor;

import io.icegate.engine.DuckEngine;
import io.icegate.engine.Sql;
import io.icegate.gate.BinaryPredictions;
import io.icegate.gate.GateDecision;
import io.icegate.gate.GateDecisions;
import io.icegate.gate.GatePolicy;
import io.icegate.gate.Metric;
import io.icegate.gate.MetricException;
import io.icegate.gate.MulticlassPredictions;
import io.icegate.gate.Predictions;
import io.icegate.gate.RegressionPredictions;
import io.icegate.gate.Task;
import io.icegate.monitor.Monitor.KpiSpec;
import io.icegate.monitor.Monitor.PerformanceSpec;
import io.icegate.shadow.ShadowComparison;
import io.icegate.table.IcegateTables;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The performance and KPI panels of a scan, read from the inference log (dataset
 * {@value ShadowComparison#PREDICTIONS}), its labels ({@value ShadowComparison#FEEDBACK}) and a
 * KPI dataset through DuckDB. Every value is bound and every identifier quoted.
 *
 * <p>The watched alias's answers are its variant's rows (a retried request counts once, with its
 * latest answer) and, when the log records versions, only those of the version behind the alias.
 * A request's label is its latest one.
 */
final class LiveFigures {
  private static final String P = Sql.ident("p");
  private static final String RID = Sql.ident("rid");
  private static final String K = Sql.ident("k");
  private static final String PREDICTION = Sql.ident("prediction");
  private static final String SCORE = Sql.ident("score");
  private static final String TS = Sql.ident("ts");

  private final IcegateTables tables;
  private final DuckEngine engine;
  private final GateDecisions decisions;

  LiveFigures(IcegateTables tables, DuckEngine engine) {
    this.tables = tables;
    this.engine = engine;
    this.decisions = new GateDecisions(tables);
  }

  /** Both panels of {@code monitor}'s scan of the window ending at {@code to}; null where it has none. */
  Panels panels(GatePolicy policy, Monitor monitor, Integer version, Instant from, Instant to,
      List<Panels.Quality> quality) {
    if (monitor.performance() == null && monitor.kpi() == null) {
      return new Panels(quality, null, null);
    }
    Duration window = Duration.between(from, to);
    int windows = monitor.kpi() == null ? 1 : monitor.kpi().windows();
    Instant start = to.minus(window.multipliedBy(windows));
    try (Connection c = engine.open()) {
      boolean logged = loadPredictions(c, policy.model(), monitor.alias(), version, start, to, window);
      Panels.Performance performance = monitor.performance() == null ? null
          : performance(c, policy, monitor.performance(), version, windows - 1, logged);
      Panels.Kpi kpi = monitor.kpi() == null ? null
          : kpi(c, policy.task(), monitor.kpi(), start, to, window, logged);
      return new Panels(quality, performance, kpi);
    } catch (SQLException e) {
      throw new IllegalStateException("monitor '" + monitor.name() + "': reading the inference log failed in DuckDB: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Temp table {@code p}: the alias's answers in {@code [start, to)} with the index {@code k} of
   * their window (0 oldest); false when there is no inference log.
   */
  private boolean loadPredictions(Connection c, String model, String alias, Integer version, Instant start,
      Instant to, Duration window) throws SQLException, IOException {
    new Sql().add("CREATE TEMP TABLE " + P + " (" + RID + " VARCHAR, " + K + " BIGINT, " + PREDICTION + " VARCHAR, "
        + SCORE + " DOUBLE)").execute(c);
    Table table = tables.dataset(ShadowComparison.PREDICTIONS).orElse(null);
    if (table == null) {
      return false;
    }
    Schema schema = table.schema();
    if (schema.findField("ts") == null) {
      throw MonitorException.invalid("dataset '" + ShadowComparison.PREDICTIONS + "' has no column 'ts' (see"
          + " local/samples/contracts/predictions.yaml)");
    }
    boolean hasVersion = schema.findField("version") != null;
    try (SnapshotFiles files = SnapshotFiles.plan(table, Expressions.and(
        Expressions.equal("model", model),
        Expressions.greaterThanOrEqual("ts", micros(start)), Expressions.lessThan("ts", micros(to))),
        engine.tempDir())) {
      if (files.paths().isEmpty()) {
        return true;
      }
      Sql sql = new Sql().add("INSERT INTO " + P + " SELECT CAST(" + Sql.ident("request_id") + " AS VARCHAR), ")
          .add(windowIndex(schema.findField("ts").type(), start, window))
          .add(", CAST(" + PREDICTION + " AS VARCHAR), CAST(" + SCORE + " AS DOUBLE) FROM read_parquet(")
          .bind(c.createArrayOf("VARCHAR", files.paths().toArray()))
          .add("::VARCHAR[], union_by_name = true) WHERE " + Sql.ident("model") + " = ").bind(model)
          .add(" AND " + Sql.ident("variant") + " = ").bind(alias)
          .add(" AND " + TS + " >= ").bind(start.atOffset(ZoneOffset.UTC))
          .add(" AND " + TS + " < ").bind(to.atOffset(ZoneOffset.UTC));
      if (hasVersion && version != null) {
        sql.add(" AND " + Sql.ident("version") + " = ").bind(version.longValue());
      }
      // a retried request counts once, with its latest answer; ties broken by content, not by file order
      sql.add(" QUALIFY row_number() OVER (PARTITION BY " + Sql.ident("request_id") + " ORDER BY " + TS + " DESC, "
          + PREDICTION + " DESC NULLS LAST, " + SCORE + " DESC NULLS LAST) = 1").execute(c);
    }
    return true;
  }

  private Panels.Performance performance(Connection c, GatePolicy policy, PerformanceSpec spec, Integer version,
      int current, boolean logged) throws SQLException, IOException {
    Task task = policy.task();
    GateDecision passed = version == null ? null : decisions.list(policy.model(), version).stream()
        .filter(GateDecision::passed).reduce((a, b) -> b).orElse(null);
    String baselineSource = version == null ? "the alias points at no version"
        : passed == null ? "version " + version + " has no passing gate decision, so no baseline"
        : "gate decision " + passed.decisionId() + " (policy " + passed.policyVersion() + ", snapshot "
            + passed.snapshotId() + ")";
    List<String[]> rows = new ArrayList<>();
    long predictions = 0;
    if (logged) {
      predictions = count(c, new Sql().add("SELECT count(*) FROM " + P + " WHERE " + K + " = ").bind((long) current));
      rows = labelled(c, current);
    }
    Predictions p = null;
    String problem = null;
    if (!rows.isEmpty()) {
      try {
        p = predictions(task, policy.evaluation(), rows);
      } catch (MetricException | NumberFormatException e) {
        problem = e.getMessage();
      }
    }
    List<Panels.Metric> metrics = new ArrayList<>();
    for (String name : spec.metrics()) {
      Metric metric = Metric.of(task, name);
      Double value = null;
      if (p != null) {
        try {
          value = metric.value(p);
        } catch (MetricException e) {
          value = null; // e.g. roc_auc of a window whose labels are all one class: undefined, not zero
        }
      }
      Double baseline = passed == null ? null : passed.metrics().stream().filter(m -> m.metric().equals(name))
          .map(GateDecision.MetricResult::candidate).findFirst().orElse(null);
      metrics.add(new Panels.Metric(name, metric.greaterIsBetter(), value, baseline));
    }
    String source = problem == null ? baselineSource : baselineSource + "; labels unusable: " + problem;
    if (!logged) {
      source = "no dataset '" + ShadowComparison.PREDICTIONS + "' yet; " + source;
    }
    return new Panels.Performance(predictions, p == null ? 0 : p.rows(), spec.minLabelled(), metrics, source);
  }

  /** {prediction, score, label} of the current window's answers that have a label. */
  private List<String[]> labelled(Connection c, int current) throws SQLException, IOException {
    Table feedback = tables.dataset(ShadowComparison.FEEDBACK).orElse(null);
    List<String[]> out = new ArrayList<>();
    if (feedback == null) {
      return out;
    }
    boolean hasTs = feedback.schema().findField("ts") != null;
    try (SnapshotFiles files = SnapshotFiles.plan(feedback, Expressions.alwaysTrue(), engine.tempDir())) {
      if (files.paths().isEmpty()) {
        return out;
      }
      String latest = hasTs ? " ORDER BY " + TS + " DESC NULLS LAST" : "";
      Sql sql = new Sql().add("WITH l AS (SELECT CAST(" + Sql.ident("request_id") + " AS VARCHAR) AS " + RID
              + ", first(CAST(" + Sql.ident("label") + " AS VARCHAR)" + latest + ") AS " + Sql.ident("label")
              + " FROM read_parquet(")
          .bind(c.createArrayOf("VARCHAR", files.paths().toArray()))
          .add("::VARCHAR[], union_by_name = true) WHERE " + Sql.ident("label") + " IS NOT NULL GROUP BY 1) SELECT "
              + PREDICTION + ", " + SCORE + ", " + Sql.ident("label") + " FROM " + P + " JOIN l USING (" + RID
              + ") WHERE " + K + " = ").bind((long) current)
          .add(" ORDER BY " + RID);
      try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getObject(2) == null ? null : Double.toString(rs.getDouble(2)),
              rs.getString(3)});
        }
      }
    }
    return out;
  }

  /** The labelled answers as the gate's predictions of {@code task}. */
  private static Predictions predictions(Task task, GatePolicy.Evaluation evaluation, List<String[]> rows) {
    int n = rows.size();
    return switch (task) {
      case BINARY -> {
        int[] labels = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
          String[] r = rows.get(i);
          if (r[1] == null) {
            throw new MetricException("request " + i + " of the window has a label but no score");
          }
          scores[i] = Double.parseDouble(r[1]);
          labels[i] = binary(r[2], evaluation.positive());
        }
        yield new BinaryPredictions(labels, scores, evaluation.threshold());
      }
      case REGRESSION -> {
        double[] actual = new double[n];
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
          String[] r = rows.get(i);
          actual[i] = Double.parseDouble(r[2]);
          predicted[i] = r[0] != null ? Double.parseDouble(r[0]) : Double.parseDouble(r[1]);
        }
        yield new RegressionPredictions(actual, predicted);
      }
      case MULTICLASS -> {
        String[] labels = new String[n];
        String[] predicted = new String[n];
        TreeSet<String> classes = new TreeSet<>();
        for (int i = 0; i < n; i++) {
          labels[i] = rows.get(i)[2];
          predicted[i] = rows.get(i)[0];
          if (predicted[i] == null) {
            throw new MetricException("a labelled request has no predicted class");
          }
          classes.add(labels[i]);
          classes.add(predicted[i]);
        }
        yield MulticlassPredictions.of(List.copyOf(classes), labels, predicted, null);
      }
    };
  }

  /** A binary label as 0/1: the policy's positive value, else 1/0 or true/false. */
  private static int binary(String label, String positive) {
    if (positive != null) {
      return label.equals(positive) ? 1 : 0;
    }
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "1", "true" -> 1;
      case "0", "false" -> 0;
      default -> throw new MetricException("label '" + label + "' is not 0/1 or true/false; name the positive"
          + " class with evaluation.positive in the policy");
    };
  }

  private Panels.Kpi kpi(Connection c, Task task, KpiSpec spec, Instant start, Instant to, Duration window,
      boolean logged) throws SQLException, IOException {
    int n = spec.windows();
    double[] level = new double[n];
    double[] output = new double[n];
    Arrays.fill(level, Double.NaN);
    Arrays.fill(output, Double.NaN);
    Table table = tables.dataset(spec.dataset())
        .orElseThrow(() -> MonitorException.notFound("KPI dataset '" + spec.dataset() + "' does not exist"));
    Types.NestedField ts = table.schema().findField(spec.timestampColumn());
    if (ts == null || !(ts.type() instanceof Types.TimestampType || ts.type() instanceof Types.DateType)) {
      throw MonitorException.invalid("KPI dataset '" + spec.dataset() + "' has no date or timestamp column '"
          + spec.timestampColumn() + "'");
    }
    if (spec.value() != null) {
      Types.NestedField v = table.schema().findField(spec.value());
      if (v == null || !v.type().isPrimitiveType() || !isNumber(v.type())) {
        throw MonitorException.invalid("KPI dataset '" + spec.dataset() + "' has no numeric column '" + spec.value() + "'");
      }
    }
    try (SnapshotFiles files = SnapshotFiles.plan(table, Expressions.alwaysTrue(), engine.tempDir())) {
      if (!files.paths().isEmpty()) {
        String t = Sql.ident(spec.timestampColumn());
        String agg = spec.value() == null ? "count(*)"
            : spec.aggregate() + "(CAST(" + Sql.ident(spec.value()) + " AS DOUBLE))";
        Sql sql = new Sql().add("SELECT ").add(windowIndex(ts.type(), start, window, t))
            .add(" AS " + K + ", " + agg + " FROM read_parquet(")
            .bind(c.createArrayOf("VARCHAR", files.paths().toArray()))
            .add("::VARCHAR[], union_by_name = true) WHERE " + t + " >= ").bind(bound(ts.type(), start))
            .add(" AND " + t + " < ").bind(bound(ts.type(), to)).add(" GROUP BY 1");
        fill(c, sql, level);
      }
    }
    if (logged && task != Task.MULTICLASS) {
      String value = task == Task.BINARY ? SCORE : "TRY_CAST(" + PREDICTION + " AS DOUBLE)";
      fill(c, new Sql().add("SELECT " + K + ", avg(" + value + ") FROM " + P + " GROUP BY 1"), output);
    }
    List<double[]> history = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      history.add(new double[] {micros(start.plus(window.multipliedBy(k))) / 1e6, level[k], output[k]});
    }
    Double current = Double.isNaN(level[n - 1]) ? null : level[n - 1];
    Double out = Double.isNaN(output[n - 1]) ? null : output[n - 1];
    return new Panels.Kpi(spec.name(), spec.aggregate(), current, out, pearson(level, output), n, history);
  }

  private static void fill(Connection c, Sql sql, double[] into) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int k = rs.getInt(1);
        if (k >= 0 && k < into.length && rs.getObject(2) != null) {
          into[k] = rs.getDouble(2);
        }
      }
    }
  }

  /** Pearson's r over the windows having both figures; null with fewer than three or no variance. */
  static Double pearson(double[] x, double[] y) {
    double sx = 0, sy = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        sx += x[i];
        sy += y[i];
        n++;
      }
    }
    if (n < 3) {
      return null;
    }
    double mx = sx / n, my = sy / n, cxy = 0, cxx = 0, cyy = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        cxy += (x[i] - mx) * (y[i] - my);
        cxx += (x[i] - mx) * (x[i] - mx);
        cyy += (y[i] - my) * (y[i] - my);
      }
    }
    return cxx == 0 || cyy == 0 ? null : cxy / Math.sqrt(cxx * cyy);
  }

  private static Sql windowIndex(Type type, Instant start, Duration window) {
    return windowIndex(type, start, window, TS);
  }

  /** The window of a row: floor((t - start) / window), from epoch microseconds. */
  private static Sql windowIndex(Type type, Instant start, Duration window, String column) {
    String t = type instanceof Types.DateType ? "CAST(" + column + " AS TIMESTAMP)" : column;
    return new Sql().add("CAST(floor((epoch_us(" + t + ") - ").bind(micros(start)).add(") / ")
        .bind((double) micros(Instant.EPOCH.plus(window))).add(") AS BIGINT)");
  }

  private static Object bound(Type type, Instant t) {
    return type instanceof Types.DateType ? t.atOffset(ZoneOffset.UTC).toLocalDate() : t.atOffset(ZoneOffset.UTC);
  }

  private static boolean isNumber(Type t) {
    return switch (t.typeId()) {
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> true;
      default -> false;
    };
  }

  private static long count(Connection c, Sql sql) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
