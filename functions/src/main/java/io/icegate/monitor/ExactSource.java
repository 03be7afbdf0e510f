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
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

/**
 * Raw column values of planned Parquet files, read with DuckDB: numbers as doubles, dates and
 * times as epoch microseconds (as profiles hold them), everything else as text. Identifiers are
 * quoted and every value (paths, window bounds, filter values) is bound.
 */
final class ExactSource {

  /** Rows of some files, optionally restricted to a time window and column values. */
  record Rows(List<String> paths, String timestampColumn, Instant from, Instant to, Map<String, String> filter) {

    /** Every row of the files. */
    static Rows all(List<String> paths) {
      return new Rows(paths, null, null, null, Map.of());
    }
  }

  private final Connection c;

  ExactSource(Connection c) {
    this.c = c;
  }

  /** The number of rows, then each column's nulls, in one pass. */
  long[] counts(Rows rows, List<String> columns) throws SQLException {
    StringBuilder select = new StringBuilder("SELECT count(*)");
    for (String column : columns) {
      select.append(", count(*) - count(").append(Sql.ident(column)).append(')');
    }
    Sql sql = where(new Sql().add(select + " FROM read_parquet(")
        .bind(c.createArrayOf("VARCHAR", rows.paths().toArray()))
        .add("::VARCHAR[], union_by_name = true) WHERE true"), rows);
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      rs.next();
      long[] out = new long[columns.size() + 1];
      for (int i = 0; i < out.length; i++) {
        out[i] = rs.getLong(i + 1);
      }
      return out;
    }
  }

  /** Adds the window and filter of {@code rows} to a query ending in a WHERE clause. */
  private static Sql where(Sql sql, Rows rows) {
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
    String col = Sql.ident(column);
    String value = switch (kind) {
      case NUMERIC -> "CAST(" + col + " AS DOUBLE)";
      case TEMPORAL -> "CAST(epoch_us(" + col + ") AS DOUBLE)";
      case STRING, BOOLEAN -> "CAST(" + col + " AS VARCHAR)";
    };
    Sql sql = new Sql().add("SELECT " + value + " FROM read_parquet(")
        .bind(c.createArrayOf("VARCHAR", rows.paths().toArray()))
        .add("::VARCHAR[], union_by_name = true) WHERE " + col + " IS NOT NULL");
    if (rows.timestampColumn() != null) {
      String ts = Sql.ident(rows.timestampColumn());
      sql.add(" AND " + ts + " >= ").bind(rows.from().atOffset(ZoneOffset.UTC))
          .add(" AND " + ts + " < ").bind(rows.to().atOffset(ZoneOffset.UTC));
    }
    rows.filter().forEach((k, v) -> sql.add(" AND CAST(" + Sql.ident(k) + " AS VARCHAR) = ").bind(v));
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
