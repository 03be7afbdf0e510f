package io.icegate.profile;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

/**
 * Fills one column's sketches from DuckDB. Values that repeat enough are grouped by DuckDB first and
 * fed once with their counts as weights; the rest stream through in DuckDB's vectors.
 */
final class ColumnSketcher {

  /**
   * A weighted KLL update costs about as much as 30-40 plain ones, so grouping pays off only when
   * values repeat at least this often on average.
   */
  static final int GROUPING_FACTOR = 32;

  private final ProfileColumn column;
  private final KllDoublesSketch kll;
  private final HllSketch hll;
  private final ItemsSketch<String> items;
  private double[] buffer = new double[2048];

  ColumnSketcher(ProfileColumn column, ProfileOptions options) {
    this.column = column;
    this.kll = column.kind().isOrdered() ? KllDoublesSketch.newHeapInstance(options.kllK()) : null;
    this.hll = new HllSketch(options.hllLgK(), Sketches.HLL_TYPE);
    this.items = column.kind().isCategorical()
        ? new ItemsSketch<>(options.frequentItemsMapSize())
        : null;
  }

  /** Whether DuckDB should group the values before they reach the sketches. */
  static boolean grouped(ProfileColumn column, Aggregates.Stats stats) {
    return column.kind() == ColumnProfile.Kind.BOOLEAN
        || stats.approxDistinct() * GROUPING_FACTOR <= stats.nonNull();
  }

  /** Reads the column from {@code relation} and returns its profile. */
  ColumnProfile profile(Connection c, String relation, long rows, Aggregates.Stats stats)
      throws SQLException {
    boolean grouped = grouped(column, stats);
    String sql = "SELECT " + column.valueSql() + (grouped ? ", count(*)" : "") + " FROM " + relation
        + " WHERE " + column.sql() + " IS NOT NULL" + (grouped ? " GROUP BY 1" : "");
    try (DuckDBPreparedStatement ps = c.unwrap(DuckDBConnection.class).prepare(sql);
        DuckDBChunkedResult result = ps.query()) {
      while (result.nextChunk()) {
        DuckDBDataChunkReader chunk = result.chunk();
        if (grouped) {
          addGroups(chunk.vector(0), chunk.vector(1), chunk.rowCount());
        } else {
          addValues(chunk.vector(0), chunk.rowCount());
        }
      }
    }
    return new ColumnProfile(
        column.name(),
        column.kind(),
        rows,
        rows - stats.nonNull(),
        Math.round(hll.getEstimate()),
        stats.min(),
        stats.max(),
        stats.minText(),
        stats.maxText(),
        stats.mean(),
        kll == null ? null : kll.toByteArray(),
        hll.toCompactByteArray(),
        items == null ? null : items.toByteArray(Sketches.STRINGS));
  }

  private void addValues(DuckDBReadableVector v, long n) {
    switch (column.kind()) {
      case NUMERIC -> {
        int m = 0;
        double[] buf = buffer(n);
        for (long i = 0; i < n; i++) {
          if (!v.isNull(i)) {
            double x = v.getDouble(i);
            hll.update(x);
            buf[m++] = x;
          }
        }
        kll.update(buf, 0, m);
      }
      case TEMPORAL -> {
        int m = 0;
        double[] buf = buffer(n);
        for (long i = 0; i < n; i++) {
          if (!v.isNull(i)) {
            long x = v.getLong(i);
            hll.update(x);
            buf[m++] = x;
          }
        }
        kll.update(buf, 0, m);
      }
      case STRING, BOOLEAN -> {
        for (long i = 0; i < n; i++) {
          if (!v.isNull(i)) {
            String s = v.getString(i);
            hll.update(s);
            items.update(s);
          }
        }
      }
    }
  }

  private void addGroups(DuckDBReadableVector v, DuckDBReadableVector counts, long n) {
    for (long i = 0; i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      long w = counts.getLong(i);
      switch (column.kind()) {
        case NUMERIC -> {
          double x = v.getDouble(i);
          hll.update(x);
          addKll(x, w);
        }
        case TEMPORAL -> {
          long x = v.getLong(i);
          hll.update(x);
          addKll(x, w);
        }
        case STRING, BOOLEAN -> {
          String s = v.getString(i);
          hll.update(s);
          items.update(s, w);
        }
      }
    }
  }

  private void addKll(double x, long w) {
    if (w == 1) {
      kll.update(x);
    } else {
      kll.update(x, w);
    }
  }

  private double[] buffer(long n) {
    if (buffer.length < n) {
      buffer = new double[Math.toIntExact(n)];
    }
    return buffer;
  }
}
