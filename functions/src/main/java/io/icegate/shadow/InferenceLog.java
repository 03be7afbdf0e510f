package io.icegate.shadow;

import io.icegate.engine.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures two variants of one model on the inference log through DuckDB: the planned Parquet
 * files of {@code predictions} (and {@code feedback}) are read with {@code read_parquet}, the
 * window's rows are kept once per variant and request id, then counted, paired, binned and joined
 * to labels. Every value is bound; the only identifiers are the fixed column names, quoted.
 */
final class InferenceLog {
  private static final String P = Sql.ident("p");
  private static final String L = Sql.ident("l");
  private static final String REQUEST_ID = Sql.ident("request_id");
  private static final String VARIANT = Sql.ident("variant");
  private static final String VERSION = Sql.ident("version");
  private static final String TS = Sql.ident("ts");
  private static final String PREDICTION = Sql.ident("prediction");
  private static final String SCORE = Sql.ident("score");
  private static final String LABEL = Sql.ident("label");

  /** What to read: one model's two variants in {@code [from, to)}. */
  record Window(String model, String baseline, String variant, Instant from, Instant to) {}

  /** The files to read and which optional columns their table has. */
  record Sources(List<String> predictions, boolean hasVersion, List<String> feedback, boolean feedbackHasTs) {}

  /** One variant's requests, its version when uniform, and how many requests carry a finite score. */
  record Side(long requests, Long version, long scored) {}

  /** Labelled requests and the metric of each side; metrics are null without labels. */
  record Labels(long baselineLabelled, long variantLabelled, Double baselineMetric, Double variantMetric) {
    static final Labels NONE = new Labels(0, 0, null, null);
  }

  /** Everything measured; bins are null when either side has no score. */
  record Measured(Side baseline, Side variant, long paired, long agreeing, long[] baselineBins,
      long[] variantBins, Labels labels) {}

  private final Connection c;
  private final ShadowPolicy.Task task;
  private final double tolerance;

  InferenceLog(Connection c, ShadowPolicy.Task task, double tolerance) {
    this.c = c;
    this.task = task;
    this.tolerance = tolerance;
  }

  Measured measure(Sources sources, Window w) throws SQLException {
    loadPredictions(sources, w);
    Map<String, Side> sides = sides();
    Side baseline = sides.getOrDefault(w.baseline(), new Side(0, null, 0));
    Side variant = sides.getOrDefault(w.variant(), new Side(0, null, 0));
    long[] pairs = pairs(w);
    long[][] bins = baseline.scored() > 0 && variant.scored() > 0 ? bins(w) : null;
    Labels labels = Labels.NONE;
    if (sources.feedback() != null) {
      loadLabels(sources);
      labels = pairs[0] > 0 ? pairedLabels(w) : ownLabels(w);
    }
    return new Measured(baseline, variant, pairs[0], pairs[1],
        bins == null ? null : bins[0], bins == null ? null : bins[1], labels);
  }

  /** Temp table {@code p}: the window's rows of both variants, the latest answer per request id. */
  private void loadPredictions(Sources sources, Window w) throws SQLException {
    new Sql().add("CREATE TEMP TABLE " + P + " (" + REQUEST_ID + " VARCHAR, " + VARIANT + " VARCHAR, "
        + VERSION + " BIGINT, " + TS + " TIMESTAMPTZ, " + PREDICTION + " VARCHAR, " + SCORE + " DOUBLE)")
        .execute(c);
    if (sources.predictions().isEmpty()) {
      return;
    }
    new Sql().add("INSERT INTO " + P + " SELECT CAST(" + REQUEST_ID + " AS VARCHAR), CAST(" + VARIANT
            + " AS VARCHAR), " + (sources.hasVersion() ? "CAST(" + VERSION + " AS BIGINT)" : "NULL") + ", " + TS
            + ", CAST(" + PREDICTION + " AS VARCHAR), CAST(" + SCORE + " AS DOUBLE) FROM read_parquet(")
        .bind(c.createArrayOf("VARCHAR", sources.predictions().toArray()))
        .add("::VARCHAR[], union_by_name = true) WHERE " + Sql.ident("model") + " = ").bind(w.model())
        .add(" AND " + VARIANT + " IN (").bind(w.baseline()).add(", ").bind(w.variant())
        .add(") AND " + TS + " >= ").bind(w.from().atOffset(ZoneOffset.UTC))
        .add(" AND " + TS + " < ").bind(w.to().atOffset(ZoneOffset.UTC))
        // a retried request counts once, with its latest answer; ties broken by content, not by file order
        .add(" QUALIFY row_number() OVER (PARTITION BY " + VARIANT + ", " + REQUEST_ID + " ORDER BY " + TS
            + " DESC, " + PREDICTION + " DESC NULLS LAST, " + SCORE + " DESC NULLS LAST) = 1")
        .execute(c);
  }

  private Map<String, Side> sides() throws SQLException {
    Map<String, Side> out = new HashMap<>();
    Sql sql = new Sql().add("SELECT " + VARIANT + ", count(*), count(DISTINCT " + VERSION + "), min(" + VERSION
        + "), count(" + VERSION + "), count(*) FILTER (WHERE isfinite(" + SCORE + ")) FROM " + P
        + " GROUP BY " + VARIANT);
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long n = rs.getLong(2);
        boolean uniform = rs.getLong(3) == 1 && rs.getLong(5) == n;
        out.put(rs.getString(1), new Side(n, uniform ? rs.getLong(4) : null, rs.getLong(6)));
      }
    }
    return out;
  }

  /** Requests both variants answered, and how many of those they agree on. */
  private long[] pairs(Window w) throws SQLException {
    Sql agree = task == ShadowPolicy.Task.CLASSIFICATION
        ? new Sql().add("b." + PREDICTION + " = v." + PREDICTION)
        : new Sql().add("abs(" + value("v") + " - " + value("b") + ") <= ").bind(tolerance);
    Sql sql = new Sql().add("SELECT count(*), coalesce(sum(CASE WHEN ").add(agree)
        .add(" THEN 1 ELSE 0 END), 0) FROM " + P + " AS b JOIN " + P + " AS v ON b." + REQUEST_ID + " = v."
            + REQUEST_ID + " WHERE b." + VARIANT + " = ").bind(w.baseline())
        .add(" AND v." + VARIANT + " = ").bind(w.variant());
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** Counts per bin of both sides, bins cut at the baseline's score deciles (ties merge bins). */
  private long[][] bins(Window w) throws SQLException {
    Object[] deciles = Arrays.stream(ScoreDistance.DECILES).boxed().toArray();
    Sql quantiles = new Sql().add("SELECT quantile_cont(" + SCORE + ", ")
        .bind(c.createArrayOf("DOUBLE", deciles))
        .add("::DOUBLE[]) FROM " + P + " WHERE " + VARIANT + " = ").bind(w.baseline())
        .add(" AND isfinite(" + SCORE + ")");
    double[] edges;
    try (PreparedStatement ps = quantiles.prepare(c); ResultSet rs = ps.executeQuery()) {
      rs.next();
      Array a = rs.getArray(1);
      edges = Arrays.stream((Object[]) a.getArray()).mapToDouble(o -> ((Number) o).doubleValue())
          .distinct().sorted().toArray();
    }
    // bin k holds scores in (edge[k-1], edge[k]]; the outer bins are open, so no score is dropped
    Sql bin = new Sql().add("CASE");
    for (int k = 0; k < edges.length; k++) {
      bin.add(" WHEN " + SCORE + " <= ").bind(edges[k]).add(" THEN " + k);
    }
    bin.add(" ELSE " + edges.length + " END");
    Sql sql = new Sql().add("SELECT " + VARIANT + ", ").add(bin).add(" AS bin, count(*) FROM " + P
        + " WHERE isfinite(" + SCORE + ") GROUP BY ALL");
    long[][] counts = new long[2][edges.length + 1];
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int side = w.baseline().equals(rs.getString(1)) ? 0 : 1;
        counts[side][rs.getInt(2)] = rs.getLong(3);
      }
    }
    return counts;
  }

  /** Temp table {@code l}: the latest label of each request id that {@code p} holds. */
  private void loadLabels(Sources sources) throws SQLException {
    new Sql().add("CREATE TEMP TABLE " + L + " (" + REQUEST_ID + " VARCHAR, " + LABEL + " VARCHAR)").execute(c);
    if (sources.feedback().isEmpty()) {
      return;
    }
    String latest = sources.feedbackHasTs() ? " ORDER BY " + TS + " DESC NULLS LAST" : "";
    new Sql().add("INSERT INTO " + L + " SELECT CAST(" + REQUEST_ID + " AS VARCHAR) AS rid, first(CAST("
            + LABEL + " AS VARCHAR)" + latest + ") FROM read_parquet(")
        .bind(c.createArrayOf("VARCHAR", sources.feedback().toArray()))
        .add("::VARCHAR[], union_by_name = true) WHERE " + LABEL + " IS NOT NULL AND CAST(" + REQUEST_ID
            + " AS VARCHAR) IN (SELECT " + REQUEST_ID + " FROM " + P + ") GROUP BY rid")
        .execute(c);
  }

  /** Paired mode: both metrics over the same requests, those both answered that have a usable label. */
  private Labels pairedLabels(Window w) throws SQLException {
    Sql sql = new Sql().add("SELECT count(*), " + metric("b") + ", " + metric("v") + " FROM " + P + " AS b JOIN "
            + P + " AS v ON b." + REQUEST_ID + " = v." + REQUEST_ID + " JOIN " + L + " ON " + L + "." + REQUEST_ID
            + " = b." + REQUEST_ID + " WHERE b." + VARIANT + " = ").bind(w.baseline())
        .add(" AND v." + VARIANT + " = ").bind(w.variant())
        .add(" AND " + usable("b") + " AND " + usable("v"));
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      rs.next();
      long n = rs.getLong(1);
      return new Labels(n, n, metricValue(rs, 2, n), metricValue(rs, 3, n));
    }
  }

  /** Distribution mode: each variant's metric over its own labelled requests. */
  private Labels ownLabels(Window w) throws SQLException {
    Sql sql = new Sql().add("SELECT x." + VARIANT + ", count(*), " + metric("x") + " FROM " + P + " AS x JOIN " + L
        + " ON " + L + "." + REQUEST_ID + " = x." + REQUEST_ID + " WHERE " + usable("x") + " GROUP BY x." + VARIANT);
    long[] n = new long[2];
    Double[] m = new Double[2];
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int side = w.baseline().equals(rs.getString(1)) ? 0 : 1;
        n[side] = rs.getLong(2);
        m[side] = metricValue(rs, 3, n[side]);
      }
    }
    return new Labels(n[0], n[1], m[0], m[1]);
  }

  /** The aggregate behind the metric of alias {@code x}: correct answers, or the mean absolute error. */
  private String metric(String x) {
    return task == ShadowPolicy.Task.CLASSIFICATION
        ? "sum(CASE WHEN " + x + "." + PREDICTION + " = " + L + "." + LABEL + " THEN 1 ELSE 0 END)"
        : "avg(abs(" + value(x) + " - TRY_CAST(" + L + "." + LABEL + " AS DOUBLE)))";
  }

  private Double metricValue(ResultSet rs, int column, long n) throws SQLException {
    if (n == 0) {
      return null;
    }
    // accuracy from exact counts, so it equals correct / labelled to the last bit
    return task == ShadowPolicy.Task.CLASSIFICATION ? (double) rs.getLong(column) / n : rs.getDouble(column);
  }

  /** A label counts for classification when present; for regression when it and the prediction are numbers. */
  private String usable(String x) {
    return task == ShadowPolicy.Task.CLASSIFICATION
        ? "TRUE"
        : "TRY_CAST(" + L + "." + LABEL + " AS DOUBLE) IS NOT NULL AND " + value(x) + " IS NOT NULL";
  }

  /** The regression value of alias {@code x}: the score, else the prediction read as a number. */
  private static String value(String x) {
    return "coalesce(" + x + "." + SCORE + ", TRY_CAST(" + x + "." + PREDICTION + " AS DOUBLE))";
  }
}
