package io.icegate.profile;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * Profiles one batch (ingest's follow-up, {@code profileBatches}), reading each column once: a
 * planning query over a prefix, then per column one query that DuckDB groups when values repeat
 * and streams otherwise, with the exact statistics and the sketches computed from the same
 * values, several columns at once.
 *
 * <p>{@code relation} is SQL the caller built safely, e.g. {@code read_parquet('/tmp/x.parquet')}
 * or a quoted table name. It is read once per column, which costs one decode per column for
 * Parquet and tables but a full parse per column for CSV: stage CSV as Parquet first. With {@code
 * parallelism > 1} the relation must be visible to a second connection of the same database (files
 * and committed tables are, TEMP views are not).
 */
public final class Profiler {

  private Profiler() {}

  /** Profiles {@code columns} of {@code relation} with {@link ProfileOptions#defaults()}. */
  public static List<ColumnProfile> profile(
      Connection duckdb, String relation, List<ProfileColumn> columns) throws SQLException {
    return profile(duckdb, relation, columns, ProfileOptions.defaults());
  }

  /** Profiles {@code columns} of {@code relation}; the result is in the order of {@code columns}. */
  public static List<ColumnProfile> profile(
      Connection duckdb, String relation, List<ProfileColumn> columns, ProfileOptions options)
      throws SQLException {
    if (columns.isEmpty()) {
      return List.of();
    }
    Plan plan = Plan.of(duckdb, relation, columns);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      tasks.add(new Task(i, columns.get(i), plan.grouped().get(i)));
    }
    ColumnProfile[] out = new ColumnProfile[columns.size()];
    int threads = Math.min(options.parallelism(), tasks.size());
    if (threads == 1) {
      for (Task t : tasks) {
        out[t.index] = t.run(duckdb, relation, plan.rows(), options);
      }
      return List.of(out);
    }
    // Streamed columns cost the most: start them first so no thread is left with one at the end.
    tasks.sort(Comparator.comparing(Task::grouped));
    DuckDBConnection db = duckdb.unwrap(DuckDBConnection.class);
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      List<Future<ColumnProfile>> futures = new ArrayList<>();
      for (Task t : tasks) {
        futures.add(pool.submit(() -> {
          try (Connection c = db.duplicate()) {
            return t.run(c, relation, plan.rows(), options);
          }
        }));
      }
      for (int i = 0; i < tasks.size(); i++) {
        out[tasks.get(i).index] = await(futures.get(i));
      }
      return List.of(out);
    } finally {
      pool.shutdownNow();
    }
  }

  private record Task(int index, ProfileColumn column, boolean grouped) {

    ColumnProfile run(Connection c, String relation, long rows, ProfileOptions options)
        throws SQLException {
      return new ColumnSketcher(column, options).profile(c, relation, rows, grouped);
    }
  }

  private static ColumnProfile await(Future<ColumnProfile> f) throws SQLException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while profiling", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new SQLException("profiling failed", e.getCause());
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "icegate-profile-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
