package io.icegate.monitor;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.profile.ColumnProfile;
import io.icegate.registry.Action;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.store.ObjectKey;
import io.icegate.table.SnapshotFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;

/**
 * A drift scan of a wide window: 20 numeric features, a reference (training) dataset and a current
 * (serving) window ingested in batches through the real ingest. Times, in one process, the
 * profile-mode scan, the exact-mode scan and a raw DuckDB aggregate over the same columns of the
 * same Parquet files (per column min/max/avg/stddev and a 10-bin histogram, both sides); then
 * exports both sides as CSV and runs {@code local/bench/drift_pandas.py} (Evidently's default test
 * for numeric columns, Wasserstein distance / std of the reference, with pandas + SciPy) when
 * {@code /usr/bin/python3} is there.
 *
 * <p>With {@code full} as fourth argument the features keep every digit instead of three decimals
 * (no pandas run then): exact mode then reads them as raw values rather than grouped.
 *
 * <pre>java -cp ... io.icegate.monitor.DriftBenchmark [currentRows] [referenceRows] [workdir [full]]</pre>
 */
public final class DriftBenchmark {

  private static final int FEATURES = 20;
  /** Features f01..f04 are shifted by 0.3 standard deviations in the current window. */
  private static final int SHIFTED = 4;
  private static final int BATCHES = 5;
  private static final int RUNS = 3;
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant NOW = DAY.plus(Duration.ofDays(1));
  private static final String PYTHON = "/usr/bin/python3";
  private static boolean fullPrecision;

  private DriftBenchmark() {}

  public static void main(String[] args) throws Exception {
    int currentRows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
    int referenceRows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path dir = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench/drift")).toAbsolutePath();
    // "full": values keep every digit, so hardly any repeats and exact mode reads them raw
    fullPrecision = args.length > 3 && args[3].equals("full");
    Path homeDir = dir.resolve("home-" + System.nanoTime());
    try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(homeDir))) {
      Registry registry = new Registry(icegate.tables(), icegate.store(), Clock.systemUTC());
      long t0 = System.nanoTime();
      ingest(icegate, dir, "training", referenceRows, BATCHES, DAY.minus(Duration.ofDays(30)), 0, 1);
      double refIngest = secs(t0);
      long t1 = System.nanoTime();
      ingest(icegate, dir, "serving", currentRows, BATCHES, DAY, 0.3, 2);
      double curIngest = secs(t1);
      System.out.printf(Locale.ROOT, "ingest: reference %,d rows in %d batches %.1f s, current %,d rows in %d batches %.1f s%n",
          referenceRows, BATCHES, refIngest, currentRows, BATCHES, curIngest);
      long refSnapshot = icegate.tables().dataset("training").orElseThrow().currentSnapshot().snapshotId();
      register(icegate, registry, refSnapshot);

      DriftScanner scanner = new DriftScanner(icegate.tables(), icegate.engine(), registry, Clock.systemUTC());
      Monitor monitor = new Monitor("bench", "production",
          new Monitor.Current("serving", "ts", Duration.ofDays(1), Map.of()), Monitor.Reference.TRAINING,
          IntStream.rangeClosed(1, FEATURES).mapToObj(i -> new Monitor.MonitorColumn(feature(i), null, null)).toList(),
          ScanMode.AUTO, 0.5);

      double[] profile = new double[RUNS];
      double[] exact = new double[RUNS];
      double[] duck = new double[RUNS];
      DriftScan p = null;
      DriftScan e = null;
      for (int run = 0; run < RUNS; run++) {
        duck[run] = duckAggregate(icegate, dir);
        long s0 = System.nanoTime();
        p = scanner.scan("bench", monitor, NOW, ScanMode.PROFILE);
        profile[run] = secs(s0);
        long s1 = System.nanoTime();
        e = scanner.scan("bench", monitor, NOW, ScanMode.EXACT);
        exact[run] = secs(s1);
      }
      print("profile", p);
      print("exact", e);
      double pm = median(profile);
      double em = median(exact);
      double dm = median(duck);
      System.out.printf(Locale.ROOT, "window %,d current x %,d reference rows, %d features (%d shifted), threads %d%n",
          currentRows, referenceRows, FEATURES, SHIFTED, Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "profile-mode scan: %.3f s (median of %d: %s)%n", pm, RUNS, Arrays.toString(profile));
      System.out.printf(Locale.ROOT, "exact-mode scan:   %.3f s (median of %d: %s)%n", em, RUNS, Arrays.toString(exact));
      System.out.printf(Locale.ROOT, "DuckDB aggregate (min/max/avg/stddev + 10-bin histogram, both sides): %.3f s (median of %d: %s)%n",
          dm, RUNS, Arrays.toString(duck));
      System.out.printf(Locale.ROOT, "ratio exact / DuckDB aggregate: %.2f%n", em / dm);
      double fetch = fetchValues(icegate, dir);
      System.out.printf(Locale.ROOT, "of which reading the values into Java (the probe and grouped queries exact mode"
          + " runs, one each per side): %.3f s, %.0f%% of the exact scan%n", fetch, 100 * fetch / em);
      if (!fullPrecision) {
        pandas(icegate, dir, pm);
      }
    }
  }

  /** Generates and ingests {@code rows} rows in {@code batches} CSV uploads spread over one day. */
  private static void ingest(LocalIcegate icegate, Path dir, String dataset, int rows, int batches, Instant day,
      double shift, long seed) throws Exception {
    icegate.store().put(IngestFunction.contractKey(dataset), contract(dataset).getBytes(StandardCharsets.UTF_8));
    SplittableRandom random = new SplittableRandom(seed);
    long stepMillis = 86_000_000L / rows;
    int per = rows / batches;
    for (int b = 0; b < batches; b++) {
      Path csv = dir.resolve(dataset + "-" + b + ".csv");
      try (BufferedWriter w = Files.newBufferedWriter(csv)) {
        w.write("ts," + IntStream.rangeClosed(1, FEATURES).mapToObj(DriftBenchmark::feature)
            .collect(Collectors.joining(",")) + "\n");
        StringBuilder line = new StringBuilder(256);
        for (int i = b * per; i < (b + 1) * per; i++) {
          line.setLength(0);
          line.append(day.plusMillis(i * stepMillis));
          for (int f = 1; f <= FEATURES; f++) {
            // feature f: normal with mean f and sd 1 + f/10, rounded to 3 decimals like real readings
            double sd = 1 + f / 10.0;
            double x = f + sd * (random.nextGaussian() + (f <= SHIFTED ? shift : 0));
            line.append(',').append(fullPrecision ? x : Math.round(x * 1000) / 1000.0);
          }
          w.append(line).append('\n');
        }
      }
      String key = "landing/" + dataset + "/batch-" + b + ".csv";
      icegate.store().put(ObjectKey.of(key), csv);
      Files.delete(csv);
      IngestReport report = icegate.ingest().apply(ObjectCreated.of(key));
      if (report.status() != IngestStatus.COMMITTED) {
        throw new IllegalStateException(report.toString());
      }
      icegate.profileBatches().apply(ProfileRequest.after(report));
    }
  }

  private static void register(LocalIcegate icegate, Registry registry, long snapshot) throws Exception {
    byte[] artifact = "weights".getBytes(StandardCharsets.UTF_8);
    icegate.store().put(ObjectKey.of("models/bench/1.bin"), artifact);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
    registry.register("bench", new RegisterRequest("bench", "models/bench/1.bin", sha, "training", snapshot, null,
        "c1", Map.of(), null, List.of(), "drift benchmark"), null);
    registry.moveAlias("bench", "bench", "production", 1, null, null, null, Action.PROMOTE);
  }

  /**
   * The baseline: what any drift tool must at least read — per column min, max, mean and standard
   * deviation of both sides, then a 10-bin histogram of both sides over the reference's range.
   */
  private static double duckAggregate(LocalIcegate icegate, Path dir) throws Exception {
    try (SnapshotFiles ref = files(icegate, "training", dir);
        SnapshotFiles cur = files(icegate, "serving", dir);
        Connection c = icegate.engine().open();
        Statement s = c.createStatement()) {
      long t0 = System.nanoTime();
      String stats = IntStream.rangeClosed(1, FEATURES).mapToObj(i -> {
        String f = feature(i);
        return "min(%1$s), max(%1$s), avg(%1$s), stddev_samp(%1$s)".formatted(f);
      }).collect(Collectors.joining(", "));
      double[] min = new double[FEATURES + 1];
      double[] max = new double[FEATURES + 1];
      for (SnapshotFiles side : List.of(ref, cur)) {
        try (ResultSet rs = s.executeQuery("SELECT " + stats + " FROM read_parquet(" + list(side) + ")")) {
          rs.next();
          if (side == ref) {
            for (int i = 1; i <= FEATURES; i++) {
              min[i] = rs.getDouble(4 * i - 3);
              max[i] = rs.getDouble(4 * i - 2);
            }
          }
        }
      }
      String hist = IntStream.rangeClosed(1, FEATURES).mapToObj(i -> "histogram(least(9, greatest(0, floor((%s - %s) / %s))))"
          .formatted(feature(i), min[i], (max[i] - min[i]) / 10)).collect(Collectors.joining(", "));
      for (SnapshotFiles side : List.of(ref, cur)) {
        try (ResultSet rs = s.executeQuery("SELECT " + hist + " FROM read_parquet(" + list(side) + ")")) {
          rs.next();
        }
      }
      return secs(t0);
    }
  }

  /**
   * Where exact mode's time goes: every column of both sides read as exact mode reads it (distinct
   * values with counts where values repeat, as here, else every value).
   */
  private static double fetchValues(LocalIcegate icegate, Path dir) throws Exception {
    try (SnapshotFiles ref = files(icegate, "training", dir);
        SnapshotFiles cur = files(icegate, "serving", dir);
        Connection c = icegate.engine().open()) {
      long t0 = System.nanoTime();
      ExactSource source = new ExactSource(c);
      Map<String, ColumnProfile.Kind> kinds = new LinkedHashMap<>();
      IntStream.rangeClosed(1, FEATURES).forEach(i -> kinds.put(feature(i), ColumnProfile.Kind.NUMERIC));
      long n = 0;
      for (SnapshotFiles side : List.of(ref, cur)) {
        for (var sample : source.samples(ExactSource.Rows.all(side.paths()), kinds).values()) {
          n += sample.count();
        }
      }
      if (n == 0) {
        throw new IllegalStateException("no values");
      }
      return secs(t0);
    }
  }

  /** Exports both sides as CSV and runs the pandas + SciPy script on them. */
  private static void pandas(LocalIcegate icegate, Path dir, double profileSeconds) throws Exception {
    Path script = Path.of("local/bench/drift_pandas.py").toAbsolutePath();
    if (!Files.isExecutable(Path.of(PYTHON)) || !Files.exists(script)) {
      System.out.println("pandas baseline skipped: no " + PYTHON + " or " + script);
      return;
    }
    Path refCsv = dir.resolve("reference.csv");
    Path curCsv = dir.resolve("current.csv");
    String columns = IntStream.rangeClosed(1, FEATURES).mapToObj(DriftBenchmark::feature).collect(Collectors.joining(", "));
    try (SnapshotFiles ref = files(icegate, "training", dir);
        SnapshotFiles cur = files(icegate, "serving", dir);
        Connection c = icegate.engine().open();
        Statement s = c.createStatement()) {
      s.execute("COPY (SELECT " + columns + " FROM read_parquet(" + list(ref) + ")) TO '" + refCsv + "' (HEADER)");
      s.execute("COPY (SELECT " + columns + " FROM read_parquet(" + list(cur) + ")) TO '" + curCsv + "' (HEADER)");
    }
    Process process = new ProcessBuilder(PYTHON, script.toString(), refCsv.toString(), curCsv.toString())
        .redirectErrorStream(true).start();
    Double stats = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        System.out.println("  pandas| " + line);
        if (line.startsWith("statistics_seconds ")) {
          stats = Double.parseDouble(line.substring("statistics_seconds ".length()).trim());
        }
      }
    }
    if (process.waitFor() != 0 || stats == null) {
      System.out.println("pandas baseline failed (exit " + process.exitValue() + ")");
      return;
    }
    System.out.printf(Locale.ROOT, "ratio pandas statistics / profile-mode scan: %.1f (profile scan %.1fx faster)%n",
        stats / profileSeconds, stats / profileSeconds);
    Files.deleteIfExists(refCsv);
    Files.deleteIfExists(curCsv);
  }

  private static SnapshotFiles files(LocalIcegate icegate, String dataset, Path dir) throws Exception {
    Table table = icegate.tables().dataset(dataset).orElseThrow();
    return SnapshotFiles.plan(table, table.currentSnapshot().snapshotId(), Expressions.alwaysTrue(), dir);
  }

  private static String list(SnapshotFiles files) {
    return files.paths().stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]"));
  }

  private static void print(String label, DriftScan scan) {
    List<String> drifted = new ArrayList<>();
    scan.columns().stream().filter(c -> c.result().drifted()).forEach(c -> drifted.add(c.column()));
    System.out.printf(Locale.ROOT, "%s: mode %s, drifted %s; %s%n", label, scan.mode(), drifted,
        scan.columns().stream().sorted((a, b) -> a.column().compareTo(b.column())).limit(6)
            .map(c -> String.format(Locale.ROOT, "%s %s %.4f", c.column(), c.result().method().id(), c.result().statistic()))
            .collect(Collectors.joining(", ")));
  }

  private static String contract(String dataset) {
    StringBuilder b = new StringBuilder("""
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:icegate:bench:%1$s
        name: %1$s
        version: 1.0.0
        status: active
        schema:
          - name: %1$s
            logicalType: object
            properties:
              - name: ts
                logicalType: timestamp
                required: true
        """.formatted(dataset));
    for (int i = 1; i <= FEATURES; i++) {
      b.append("      - name: ").append(feature(i)).append("\n        logicalType: number\n");
    }
    return b.toString();
  }

  private static String feature(int i) {
    return String.format(Locale.ROOT, "f%02d", i);
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
