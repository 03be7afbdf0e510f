package io.icegate.monitor;

import io.icegate.drift.Sample;
import io.icegate.engine.Sql;
import io.icegate.profile.ColumnProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

/**
 * Exact column values of planned Parquet files, read with DuckDB as every value or as distinct
 * values with their counts: numbers as doubles, dates and times as epoch microseconds (as profiles
 * hold them), everything else as text. Identifiers are quoted and every value (paths, window
 * bounds, filter values) is bound.
 */
final class ExactSource {

  /** Rows of some files, optionally restricted to a time window and column values. */
  record Rows(List<String> paths, String timestampColumn, Instant from, Instant to, Map<String, String> filter) {

    /** Every row of the files. */
    static Rows all(List<String> paths) {
      return new Rows(paths, null, null, null, Map.of());
    }
  }

  /** A numeric column is read grouped when at most this share of the probed values are distinct. */
  static final double GROUPED_SHARE = 0.5;
  /** Rows of each side the probe looks at: a row group's worth, read in a few milliseconds. */
  static final int PROBE_ROWS = 100_000;
  /** Columns per grouped query: GROUPING() packs one bit per column in a BIGINT (at most 64). */
  static final int SETS_PER_QUERY = 32;

  private final Connection c;

  ExactSource(Connection c) {
    this.c = c;
  }

  /** The number of rows, then each column's nulls, in one pass. */
  long[] counts(Rows rows, List<String> columns, Map<String, ColumnProfile.Kind> kinds) throws SQLException {
    StringBuilder select = new StringBuilder("SELECT count(*)");
    for (int i = 0; i < columns.size(); i++) {
      select.append(", count(*) - count(").append(Sql.ident("v" + i)).append(')');
    }
    Sql sql = new Sql().add(select + " FROM (").add(read(rows, columns, kinds, null)).add(")");
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      rs.next();
      long[] out = new long[columns.size() + 1];
      for (int i = 0; i < out.length; i++) {
        out[i] = rs.getLong(i + 1);
      }
      return out;
    }
  }

  /**
   * The non-null values of each of {@code columns} in {@code rows}, as samples of its kind, in the
   * order given. Columns whose values repeat (categories always; numbers when a probe of the first
   * rows finds at most {@link #GROUPED_SHARE} of them distinct) come from one {@code GROUP BY
   * GROUPING SETS} query per {@link #SETS_PER_QUERY} columns, as distinct values with counts:
   * each file is read and the window decoded once, and only distinct values reach Java. Numbers
   * that hardly repeat are read raw, a query per column, since grouping them would cost more than
   * sorting them. Either way the sample is the same.
   */
  Map<String, Sample> samples(Rows rows, Map<String, ColumnProfile.Kind> columns) throws SQLException {
    List<String> grouped = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    List<String> numbers = columns.keySet().stream().filter(k -> columns.get(k).isOrdered()).toList();
    Map<String, Boolean> repeats = repeats(rows, numbers, columns);
    for (String col : columns.keySet()) {
      (repeats.getOrDefault(col, true) ? grouped : raw).add(col);
    }
    Map<String, Sample> found = new HashMap<>();
    for (int i = 0; i < grouped.size(); i += SETS_PER_QUERY) {
      found.putAll(grouped(rows, grouped.subList(i, Math.min(grouped.size(), i + SETS_PER_QUERY)), columns));
    }
    for (String col : raw) {
      found.put(col, sample(rows, col, columns.get(col)));
    }
    Map<String, Sample> out = new LinkedHashMap<>();
    columns.keySet().forEach(col -> out.put(col, found.get(col)));
    return out;
  }

  /**
   * Whether each numeric column's values repeat enough to be worth grouping, judged on the first
   * {@link #PROBE_ROWS} rows: a choice of speed only, both ways give the same sample.
   */
  Map<String, Boolean> repeats(Rows rows, List<String> numbers, Map<String, ColumnProfile.Kind> kinds)
      throws SQLException {
    Map<String, Boolean> out = new HashMap<>();
    if (numbers.isEmpty()) {
      return out;
    }
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < numbers.size(); i++) {
      String v = Sql.ident("v" + i);
      select.append(i == 0 ? "" : ", ").append("count(DISTINCT ").append(v).append("), count(").append(v).append(')');
    }
    Sql sql = new Sql().add("SELECT " + select + " FROM (").add(read(rows, numbers, kinds, null))
        .add(" LIMIT " + PROBE_ROWS + ")");
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      rs.next();
      for (int i = 0; i < numbers.size(); i++) {
        long distinct = rs.getLong(2 * i + 1);
        long values = rs.getLong(2 * i + 2);
        out.put(numbers.get(i), distinct <= GROUPED_SHARE * values);
      }
    }
    return out;
  }

  /** Distinct values with counts of some columns: one grouping set per column. */
  private Map<String, Sample> grouped(Rows rows, List<String> columns, Map<String, ColumnProfile.Kind> kinds)
      throws SQLException {
    int n = columns.size();
    StringBuilder values = new StringBuilder();
    StringBuilder sets = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String v = Sql.ident("v" + i);
      values.append(i == 0 ? "" : ", ").append(v);
      sets.append(i == 0 ? "(" : ", (").append(v).append(')');
    }
    // numbers come sorted, so the ECDF need not sort them again
    Sql sql = new Sql().add("SELECT GROUPING(" + values + "), " + values + ", count(*) FROM (")
        .add(read(rows, columns, kinds, null))
        .add(") GROUP BY GROUPING SETS (" + sets + ") ORDER BY 1, " + values);
    DoubleCounts[] numbers = new DoubleCounts[n];
    List<Map<String, Long>> categories = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean ordered = kinds.get(columns.get(i)).isOrdered();
      numbers[i] = ordered ? new DoubleCounts() : null;
      categories.add(ordered ? null : new HashMap<>());
    }
    try (PreparedStatement ps = sql.prepare(c);
        DuckDBChunkedResult result = ps.unwrap(DuckDBPreparedStatement.class).query()) {
      while (result.nextChunk()) {
        DuckDBDataChunkReader chunk = result.chunk();
        int rowsInChunk = Math.toIntExact(chunk.rowCount());
        DuckDBReadableVector set = chunk.vector(0);
        DuckDBReadableVector counts = chunk.vector(n + 1);
        DuckDBReadableVector[] vectors = new DuckDBReadableVector[n];
        for (int j = 0; j < rowsInChunk; j++) {
          // GROUPING(v0..vn-1) clears the bit of the set's own column; v0 is the highest bit
          int i = n - 1 - Long.numberOfTrailingZeros(~set.getLong(j));
          DuckDBReadableVector v = vectors[i] == null ? (vectors[i] = chunk.vector(i + 1)) : vectors[i];
          if (v.isNull(j)) {
            continue;
          }
          if (numbers[i] != null) {
            numbers[i].add(v.getDouble(j), counts.getLong(j));
          } else {
            categories.get(i).merge(v.getString(j), counts.getLong(j), Long::sum);
          }
        }
      }
    }
    Map<String, Sample> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(columns.get(i), numbers[i] != null ? numbers[i].sample() : Sample.categorical(categories.get(i)));
    }
    return out;
  }

  /** Distinct numbers and their counts as they arrive. */
  private static final class DoubleCounts {
    private double[] values = new double[256];
    private long[] counts = new long[256];
    private int n;

    void add(double value, long count) {
      if (n == values.length) {
        values = Arrays.copyOf(values, 2 * n);
        counts = Arrays.copyOf(counts, 2 * n);
      }
      values[n] = value;
      counts[n++] = count;
    }

    Sample sample() {
      return Sample.numeric(Arrays.copyOf(values, n), Arrays.copyOf(counts, n));
    }
  }

  /**
   * {@code SELECT} of the columns' values as {@code v0, v1, ...} (or, with {@code notNull}, of that
   * one column's non-null values) from the rows: numbers as doubles, dates and times as epoch
   * microseconds, the rest as text.
   */
  private Sql read(Rows rows, List<String> columns, Map<String, ColumnProfile.Kind> kinds, String notNull)
      throws SQLException {
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      String col = Sql.ident(columns.get(i));
      String value = switch (kinds.get(columns.get(i))) {
        case NUMERIC -> "CAST(" + col + " AS DOUBLE)";
        case TEMPORAL -> "CAST(epoch_us(" + col + ") AS DOUBLE)";
        case STRING, BOOLEAN -> "CAST(" + col + " AS VARCHAR)";
      };
      select.append(i == 0 ? "" : ", ").append(value).append(" AS ").append(Sql.ident("v" + i));
    }
    Sql sql = new Sql().add("SELECT " + select + " FROM read_parquet(")
        .bind(c.createArrayOf("VARCHAR", rows.paths().toArray()))
        .add("::VARCHAR[], union_by_name = true) WHERE "
            + (notNull == null ? "true" : Sql.ident(notNull) + " IS NOT NULL"));
    if (rows.timestampColumn() != null) {
      String ts = Sql.ident(rows.timestampColumn());
      sql.add(" AND " + ts + " >= ").bind(rows.from().atOffset(ZoneOffset.UTC))
          .add(" AND " + ts + " < ").bind(rows.to().atOffset(ZoneOffset.UTC));
    }
    rows.filter().forEach((k, v) -> sql.add(" AND CAST(" + Sql.ident(k) + " AS VARCHAR) = ").bind(v));
    return sql;
  }

  /** The non-null values of {@code column} in {@code rows}, as a sample of {@code kind}. */
  Sample sample(Rows rows, String column, ColumnProfile.Kind kind) throws SQLException {
    Sql sql = read(rows, List.of(column), Map.of(column, kind), column);
    if (kind.isOrdered()) {
      // DuckDB's vectors, not a JDBC call per value: this read is most of an exact scan's time
      try (PreparedStatement ps = sql.prepare(c);
          DuckDBChunkedResult result = ps.unwrap(DuckDBPreparedStatement.class).query()) {
        double[] values = new double[1024];
        int n = 0;
        while (result.nextChunk()) {
          DuckDBDataChunkReader chunk = result.chunk();
          DuckDBReadableVector v = chunk.vector(0);
          int rowsInChunk = Math.toIntExact(chunk.rowCount());
          if (n + rowsInChunk > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, n + rowsInChunk));
          }
          for (int i = 0; i < rowsInChunk; i++) {
            values[n++] = v.getDouble(i);
          }
        }
        return Sample.numeric(Arrays.copyOf(values, n));
      }
    }
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return Sample.categorical(values.toArray(String[]::new));
    }
  }
}
