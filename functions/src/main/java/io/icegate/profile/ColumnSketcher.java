package io.icegate.profile;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.SplittableRandom;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

/**
 * Profiles one column in a single read: exact statistics and sketches from the same values, so the
 * column is decoded once. Repeating values arrive grouped by DuckDB with their counts as weights;
 * the rest stream through in DuckDB's vectors.
 */
final class ColumnSketcher {

  /** Below this weight repeated plain KLL updates are cheaper than one weighted update (~2 us). */
  private static final long KLL_WEIGHTED_FROM = 64;

  private final ProfileColumn column;
  private final ProfileOptions options;
  private final KllDoublesSketch kll;
  private final HllSketch hll;
  private final ItemsSketch<String> items;
  /** Seeded, so the same rows in the same order give the same sample. */
  private final SplittableRandom sampler = new SplittableRandom(0x1CE6A7EL);
  private final Stats stats = new Stats();
  private final TextRange text = new TextRange();
  private long weight = 1;
  private double logSkipRate;
  private long skip;
  private double[] buffer = new double[2048];

  ColumnSketcher(ProfileColumn column, ProfileOptions options) {
    this.column = column;
    this.options = options;
    this.kll = column.kind().isOrdered() ? KllDoublesSketch.newHeapInstance(options.kllK()) : null;
    this.hll = new HllSketch(options.hllLgK(), Sketches.HLL_TYPE);
    this.items = column.kind().isCategorical()
        ? new ItemsSketch<>(options.frequentItemsMapSize())
        : null;
  }

  /**
   * Reads the column from {@code relation} of {@code rows} rows. Streamed columns with more rows
   * than {@link ProfileOptions#sampleAbove()} feed KLL and frequent items a Bernoulli sample of
   * rate 1/w with weight w; statistics and HLL always see every value.
   */
  ColumnProfile profile(Connection c, String relation, long rows, boolean grouped)
      throws SQLException {
    String value = column.valueSql();
    String sql = grouped
        ? "SELECT " + value + ", count(*) FROM " + relation + " GROUP BY 1"
        : "SELECT " + value + " FROM " + relation;
    if (!grouped && rows > options.sampleAbove()) {
      weight = (rows + options.sampleAbove() - 1) / options.sampleAbove();
      logSkipRate = Math.log1p(-1.0 / weight);
      skip = nextSkip();
    }
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
    return toProfile();
  }

  private void addValues(DuckDBReadableVector v, long n) {
    stats.count += n;
    switch (column.kind()) {
      case NUMERIC -> {
        double[] buf = buffer(n);
        int m = 0;
        for (long i = 0; i < n; i++) {
          if (v.isNull(i)) {
            stats.nulls++;
          } else {
            double x = v.getDouble(i);
            hll.update(x);
            stats.addNumber(x, 1);
            if (sampled()) {
              buf[m++] = x;
            }
          }
        }
        kll.update(buf, 0, m);
      }
      case TEMPORAL -> {
        double[] buf = buffer(n);
        int m = 0;
        for (long i = 0; i < n; i++) {
          if (v.isNull(i)) {
            stats.nulls++;
          } else {
            long x = v.getLong(i);
            hll.update(x);
            stats.addNumber(x, 1);
            if (sampled()) {
              buf[m++] = x;
            }
          }
        }
        kll.update(buf, 0, m);
      }
      case STRING, BOOLEAN -> {
        for (long i = 0; i < n; i++) {
          if (v.isNull(i)) {
            stats.nulls++;
          } else {
            String s = v.getString(i);
            hll.update(s);
            text.add(s);
            if (sampled()) {
              items.update(s, weight);
            }
          }
        }
      }
    }
  }

  private void addGroups(DuckDBReadableVector v, DuckDBReadableVector counts, long n) {
    for (long i = 0; i < n; i++) {
      long w = counts.getLong(i);
      stats.count += w;
      if (v.isNull(i)) {
        stats.nulls += w;
        continue;
      }
      switch (column.kind()) {
        case NUMERIC -> {
          double x = v.getDouble(i);
          hll.update(x);
          stats.addNumber(x, w);
          addKll(x, w);
        }
        case TEMPORAL -> {
          long x = v.getLong(i);
          hll.update(x);
          stats.addNumber(x, w);
          addKll(x, w);
        }
        case STRING, BOOLEAN -> {
          String s = v.getString(i);
          hll.update(s);
          text.add(s);
          items.update(s, w);
        }
      }
    }
  }

  private void addKll(double x, long w) {
    if (w >= KLL_WEIGHTED_FROM) {
      kll.update(x, w);
    } else {
      for (long j = 0; j < w; j++) {
        kll.update(x);
      }
    }
  }

  /** Bernoulli(1/weight) by drawing the geometric gaps between kept values: no draw per value. */
  private boolean sampled() {
    if (skip > 0) {
      skip--;
      return false;
    }
    skip = nextSkip();
    return true;
  }

  private long nextSkip() {
    return weight == 1 ? 0 : (long) (Math.log(1 - sampler.nextDouble()) / logSkipRate);
  }

  private double[] buffer(long n) {
    if (buffer.length < n) {
      buffer = new double[Math.toIntExact(n)];
    }
    return buffer;
  }

  private ColumnProfile toProfile() {
    ColumnProfile.Kind kind = column.kind();
    boolean any = stats.count > stats.nulls;
    return new ColumnProfile(
        column.name(),
        kind,
        stats.count,
        stats.nulls,
        Math.round(hll.getEstimate()),
        kind.isOrdered() && any ? stats.min() : null,
        kind.isOrdered() && any ? stats.max() : null,
        kind == ColumnProfile.Kind.STRING ? text.min() : null,
        kind == ColumnProfile.Kind.STRING ? text.max() : null,
        kind == ColumnProfile.Kind.NUMERIC && any ? stats.mean() : null,
        kll == null ? null : Sketches.scaled(kll, weight).toByteArray(),
        hll.toCompactByteArray(),
        items == null ? null : items.toByteArray(Sketches.STRINGS));
  }

  /** Exact count, nulls, numeric min/max (NaN above everything, as DuckDB orders it), mean. */
  private static final class Stats {
    long count;
    long nulls;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean nan;
    private boolean finiteOrInfinite;
    private double sum;
    private double compensation;
    private long summed;

    void addNumber(double x, long w) {
      if (Double.isNaN(x)) {
        nan = true;
      } else {
        finiteOrInfinite = true;
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      add(x * w);
      summed += w;
    }

    /** Neumaier's compensated sum: the mean of millions of values keeps full double precision. */
    private void add(double x) {
      double t = sum + x;
      compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
      sum = t;
    }

    double min() {
      return finiteOrInfinite ? min : Double.NaN;
    }

    double max() {
      return nan ? Double.NaN : max;
    }

    double mean() {
      return (sum + compensation) / summed;
    }
  }
}
