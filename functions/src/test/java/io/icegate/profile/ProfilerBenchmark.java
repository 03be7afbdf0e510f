package io.icegate.profile;

import com.sun.management.OperatingSystemMXBean;
import io.icegate.profile.ColumnProfile.Kind;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures what profiling adds to ingest: Profiler.profile over a Parquet upload against a plain
 * DuckDB COPY of the same data, on DuckDB configured as ingest configures it.
 *
 * <p>Arguments: {@code [rows=5000000] [repetitions=3] [parallelism=2] [sampleAbove=default]}.
 * Prints medians of wall and process CPU time (CPU includes DuckDB's threads).
 */
public final class ProfilerBenchmark {

  private static final List<ProfileColumn> COLUMNS = List.of(
      new ProfileColumn("d_normal", Kind.NUMERIC),
      new ProfileColumn("d_lognormal", Kind.NUMERIC),
      new ProfileColumn("d_bimodal", Kind.NUMERIC),
      new ProfileColumn("d_uniform", Kind.NUMERIC),
      new ProfileColumn("d_price", Kind.NUMERIC),
      new ProfileColumn("d_wait", Kind.NUMERIC),
      new ProfileColumn("b_age", Kind.NUMERIC),
      new ProfileColumn("b_count", Kind.NUMERIC),
      new ProfileColumn("b_id", Kind.NUMERIC),
      new ProfileColumn("b_amount", Kind.NUMERIC),
      new ProfileColumn("s_category", Kind.STRING),
      new ProfileColumn("s_country", Kind.STRING),
      // Near-unique ids, last so the benchmark can also time the profile without them.
      new ProfileColumn("s_user", Kind.STRING));

  private ProfilerBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    ProfileOptions defaults = ProfileOptions.defaults().withParallelism(parallelism);
    ProfileOptions options =
        args.length > 3 ? defaults.withSampleAbove(Long.parseLong(args[3])) : defaults;
    Path dir = Files.createTempDirectory("icegate-profile-bench");
    String parquet = dir.resolve("upload.parquet").toString();
    String csv = dir.resolve("upload.csv").toString();
    String relation = "read_parquet('" + parquet + "')";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = 2");
      s.execute("SET memory_limit = '2GB'");
      s.execute("SET temp_directory = '" + dir.resolve("spill") + "'");
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      generate(s, rows, parquet, csv);

      Timing copyParquet = new Timing(reps);
      Timing profile = new Timing(reps);
      Timing profileWithoutIds = new Timing(reps);
      Timing copyCsv = new Timing(reps);
      List<ProfileColumn> withoutIds = COLUMNS.subList(0, COLUMNS.size() - 1);
      List<List<ColumnProfile>> profiles = new ArrayList<>();
      for (int r = 0; r < reps; r++) {
        copyParquet.measure(r, () -> s.execute("COPY (SELECT * FROM " + relation + ") TO '"
            + dir.resolve("copy.parquet") + "' (FORMAT PARQUET)"));
        profile.measure(r, () -> profiles.add(Profiler.profile(c, relation, COLUMNS, options)));
        profileWithoutIds.measure(r, () -> Profiler.profile(c, relation, withoutIds, options));
        copyCsv.measure(r, () -> s.execute("COPY (SELECT * FROM read_csv('" + csv + "')) TO '"
            + dir.resolve("copy-csv.parquet") + "' (FORMAT PARQUET)"));
        System.out.printf(Locale.ROOT, "run %d: copy parquet %.2f s, profile %.2f s, copy csv %.2f s"
            + " (wall)%n", r + 1, copyParquet.wall[r], profile.wall[r], copyCsv.wall[r]);
      }
      System.out.printf(Locale.ROOT, "%d rows x %d columns, DuckDB threads=2, %s, medians of %d%n",
          rows, COLUMNS.size(), options, reps);
      copyParquet.print("(a) COPY parquet->parquet", rows);
      profile.print("(b) Profiler.profile", rows);
      copyCsv.print("(c) COPY csv->parquet", rows);
      profileWithoutIds.print("(d) profile without s_user", rows);
      System.out.printf(Locale.ROOT, "ratio (b)/(a): wall %.2f, cpu %.2f%n",
          profile.wallMedian() / copyParquet.wallMedian(),
          profile.cpuMedian() / copyParquet.cpuMedian());
      System.out.printf(Locale.ROOT, "ingest ((c)+(b))/(c): wall %.2f, cpu %.2f%n",
          1 + profile.wallMedian() / copyCsv.wallMedian(),
          1 + profile.cpuMedian() / copyCsv.cpuMedian());
      System.out.printf(Locale.ROOT, "ingest ((c)+(d))/(c): wall %.2f, cpu %.2f%n",
          1 + profileWithoutIds.wallMedian() / copyCsv.wallMedian(),
          1 + profileWithoutIds.cpuMedian() / copyCsv.cpuMedian());
      for (ColumnProfile p : profiles.get(profiles.size() - 1)) {
        System.out.printf(Locale.ROOT, "  %-12s distinct %9d  kll %6d B  hll %5d B  items %6d B%n",
            p.column(), p.distinct(), len(p.kll()), len(p.hll()), len(p.frequentItems()));
      }
    } finally {
      try (var files = Files.walk(dir)) {
        List<Path> all = new ArrayList<>(files.toList());
        all.sort(null);
        for (int i = all.size() - 1; i >= 0; i--) {
          Files.deleteIfExists(all.get(i));
        }
      }
    }
  }

  /** Ten numeric columns (skewed, bimodal, rounded, integer) and three strings, with nulls. */
  private static void generate(Statement s, long rows, String parquet, String csv)
      throws SQLException {
    s.execute("SELECT setseed(0.42)");
    s.execute("""
        CREATE TABLE upload AS
        WITH u AS (SELECT range AS i, random() AS u1, random() AS u2, random() AS u3,
                          random() AS u4 FROM range(%d))
        SELECT
          CASE WHEN u3 < 0.02 THEN NULL ELSE sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) END AS d_normal,
          exp(1.5 * sqrt(-2 * ln(u2)) * cos(2 * pi() * u1)) AS d_lognormal,
          CASE WHEN u1 < 0.4 THEN 10 + sqrt(-2 * ln(u3)) * sin(2 * pi() * u4)
               ELSE 20 + 2 * sqrt(-2 * ln(u3)) * cos(2 * pi() * u4) END AS d_bimodal,
          u4 * 1000 AS d_uniform,
          CASE WHEN u2 < 0.05 THEN NULL ELSE round(u1 * u3 * 500, 2) END AS d_price,
          -ln(u1) * 3600 AS d_wait,
          CAST(18 + floor(u3 * 70) AS BIGINT) AS b_age,
          CASE WHEN u4 < 0.01 THEN NULL ELSE CAST(floor(-ln(u2) * 5) AS BIGINT) END AS b_count,
          CAST(i * 7919 %% 10000019 AS BIGINT) AS b_id,
          CAST(floor(u1 * u2 * 1e6) AS BIGINT) AS b_amount,
          'cat_' || CAST(floor(1000 * pow(u3, 3)) AS INT) AS s_category,
          CASE WHEN u1 < 0.03 THEN NULL ELSE 'country_' || CAST(floor(50 * u4 * u4) AS INT) END
            AS s_country,
          'user_' || CAST(floor(u2 * 2000000) AS INT) AS s_user
        FROM u
        """.formatted(rows));
    s.execute("COPY upload TO '" + parquet + "' (FORMAT PARQUET)");
    s.execute("COPY upload TO '" + csv + "' (HEADER)");
    s.execute("DROP TABLE upload");
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Wall and process CPU seconds per repetition (CPU includes DuckDB's native threads). */
  private static final class Timing {
    private static final OperatingSystemMXBean OS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    final double[] wall;
    final double[] cpu;

    Timing(int reps) {
      wall = new double[reps];
      cpu = new double[reps];
    }

    void measure(int rep, Step step) throws Exception {
      long c0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      step.run();
      wall[rep] = (System.nanoTime() - t0) / 1e9;
      cpu[rep] = (OS.getProcessCpuTime() - c0) / 1e9;
    }

    double wallMedian() {
      return median(wall);
    }

    double cpuMedian() {
      return median(cpu);
    }

    void print(String label, long rows) {
      System.out.printf(Locale.ROOT, "%-27s wall %6.2f s  cpu %6.2f s  %,12.0f rows/s%n",
          label, wallMedian(), cpuMedian(), rows / wallMedian());
    }

    private static double median(double[] xs) {
      double[] s = xs.clone();
      Arrays.sort(s);
      return s[s.length / 2];
    }
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }
}
