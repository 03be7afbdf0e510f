package io.icegate.bench;

import io.icegate.engine.DuckEngine;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.store.ObjectKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest benchmarks: each phase runs in its own JVM so that time and peak RSS belong to it alone;
 * the baseline is DuckDB's own CSV/Parquet -> Parquet COPY of the same file with the same engine
 * settings, run by the same program.
 *
 * <pre>
 * java -cp ... io.icegate.bench.IngestBenchmark csv  [rows] [workdir]   # synthetic CSV, 10 numeric + 3 string columns
 * java -cp ... io.icegate.bench.IngestBenchmark parquet FILE [workdir] # e.g. vega-datasets flights-3m.parquet
 * java -cp ... io.icegate.bench.IngestBenchmark big  [mb] [workdir]    # ~880 MB CSV ingested with -Xmx512m
 * </pre>
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "csv";
    switch (mode) {
      case "child-baseline" -> childBaseline(Path.of(args[1]), Path.of(args[2]));
      case "child-prepare" -> childPrepare(Path.of(args[1]), Path.of(args[2]), args[3], Path.of(args[4]));
      case "child-ingest" -> childIngest(Path.of(args[1]), Path.of(args[2]), args[3], Path.of(args[4]),
          args.length > 5 ? Path.of(args[5]) : null);
      case "csv" -> csv(args.length > 1 ? Long.parseLong(args[1]) : 5_000_000, workdir(args, 2));
      case "parquet" -> parquet(Path.of(args[1]), workdir(args, 2));
      case "big" -> big(args.length > 1 ? Long.parseLong(args[1]) : 880, workdir(args, 2));
      default -> throw new IllegalArgumentException("mode: csv | parquet FILE | big");
    }
  }

  private static Path workdir(String[] args, int i) throws IOException {
    Path dir = args.length > i ? Path.of(args[i]) : Path.of("target", "bench");
    return Files.createDirectories(dir).toAbsolutePath();
  }

  private static void csv(long rows, Path dir) throws Exception {
    Path csv = dir.resolve("synthetic-" + rows + ".csv");
    generate(csv, rows);
    Path contract = dir.resolve("synthetic.yaml");
    Files.writeString(contract, syntheticContract());
    Path warmUp = dir.resolve("synthetic-warm-up.csv");
    generate(warmUp, 200_000);
    compare("synthetic CSV, " + rows + " rows x 13 columns (" + mib(csv) + " MiB)", csv, "synthetic", contract, dir, null,
        warmUp);
  }

  private static void parquet(Path file, Path dir) throws Exception {
    Path contract = dir.resolve("flights.yaml");
    Files.writeString(contract, FLIGHTS_CONTRACT);
    Path warmUp = dir.resolve("flights-warm-up.parquet");
    try (Connection c = DuckEngine.defaults(dir.resolve("tmp")).open(); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM read_parquet('" + file + "') LIMIT 200000 OFFSET 1000) TO '" + warmUp
          + "' (FORMAT PARQUET)");
    }
    compare("vega-datasets flights-3m.parquet (" + mib(file) + " MiB)", file, "flights", contract, dir, null, warmUp);
  }

  private static void big(long megabytes, Path dir) throws Exception {
    long rows = megabytes * 1_000_000 / 110; // ~110 bytes per synthetic row
    Path csv = dir.resolve("synthetic-" + rows + ".csv");
    generate(csv, rows);
    Path contract = dir.resolve("synthetic.yaml");
    Files.writeString(contract, syntheticContract());
    compare("large CSV with -Xmx512m, " + rows + " rows (" + mib(csv) + " MiB)", csv, "synthetic", contract, dir, "-Xmx512m",
        null);
  }

  /**
   * Rounds of three runs, each in its own JVM: the baseline, the ingest cold (the first upload of a
   * fresh JVM, as a cold function instance sees it: JIT and native library loaded, into a home whose
   * tables another JVM created with the warm-up file when there is one) and,
   * when there is a warm-up file, warm (after a smaller upload of the same schema, as every later
   * upload of a running instance sees it). Interleaved, so a slow moment of the machine hits both
   * sides; ratios are of medians.
   */
  private static void compare(String title, Path input, String dataset, Path contract, Path dir, String heap,
      Path warmUp) throws Exception {
    System.out.println("## " + title);
    int rounds = Integer.getInteger("rounds", 3);
    List<Double> baselines = new ArrayList<>();
    Map<String, List<Map<String, String>>> runs = new java.util.LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      baselines.add(baseline(input, dir, heap));
      for (Path warm : warmUp == null ? java.util.Collections.<Path>singletonList(null)
          : java.util.Arrays.asList(null, warmUp)) {
        Path home = dir.resolve("home-" + dataset + "-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("child-ingest", input.toString(), home.toString(), dataset,
            contract.toString()));
        if (warm != null) {
          args.add(warm.toString());
        } else if (warmUp != null) {
          // a cold instance of a deployment: its tables exist, written by another JVM
          child(heap, "child-prepare", warmUp.toString(), home.toString(), dataset, contract.toString());
        }
        Map<String, String> run = child(heap, args.toArray(String[]::new));
        System.err.printf(Locale.ROOT, "  round %d, ingest %s: %s s, then profiles %s s, peak RSS %s MiB%n", round,
            warm == null ? "cold" : "warm", run.get("seconds"), run.get("profileSeconds"), run.get("rssMiB"));
        runs.computeIfAbsent(warm == null ? "cold" : "warm", k -> new ArrayList<>()).add(run);
        deleteTree(home);
      }
    }
    double b = median(baselines);
    System.out.printf(Locale.ROOT, "baseline DuckDB COPY -> Parquet : median %.2f s of %s%n", b, seconds(baselines));
    for (Map.Entry<String, List<Map<String, String>>> e : runs.entrySet()) {
      List<Double> ingest = e.getValue().stream().map(r -> Double.parseDouble(r.get("seconds"))).toList();
      List<Double> profiles = e.getValue().stream().map(r -> Double.parseDouble(r.get("profileSeconds"))).toList();
      List<Double> both = new ArrayList<>();
      for (int i = 0; i < ingest.size(); i++) {
        both.add(ingest.get(i) + profiles.get(i));
      }
      double i = median(ingest);
      Map<String, String> first = e.getValue().get(0);
      long rows = Long.parseLong(first.get("rows"));
      System.out.printf(Locale.ROOT, "icegate ingest, %s (%s)  : median %.2f s of %s, %.0f rows/s, peak RSS %s MiB,"
          + " ratio %.2f%n", e.getKey(), first.get("status"), i, seconds(ingest), rows / i,
          e.getValue().stream().map(r -> r.get("rssMiB")).toList(), i / b);
      System.out.printf(Locale.ROOT, "  then its profiles (follow-up)  : median %.2f s of %s, ratio %.2f;"
          + " ingest + profiles ratio %.2f%n", median(profiles), seconds(profiles), median(profiles) / b, median(both) / b);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static List<String> seconds(List<Double> values) {
    return values.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList();
  }

  /** One baseline COPY in its own JVM: its seconds (peak RSS is printed). */
  private static double baseline(Path input, Path dir, String heap) throws Exception {
    Map<String, String> base = child(heap, "child-baseline", input.toString(), dir.resolve("baseline.parquet").toString());
    System.err.printf(Locale.ROOT, "  baseline: %s s, peak RSS %s MiB%n", base.get("seconds"), base.get("rssMiB"));
    return Double.parseDouble(base.get("seconds"));
  }

  private static Map<String, String> child(String heap, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (heap != null) {
      cmd.add(heap);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(IngestBenchmark.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          result = line.substring(7);
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IllegalStateException(args[0] + " failed with exit code " + p.exitValue());
    }
    Map<String, String> out = new java.util.HashMap<>();
    for (String kv : result.split(" ")) {
      String[] parts = kv.split("=", 2);
      out.put(parts[0], parts[1]);
    }
    return out;
  }

  private static void childBaseline(Path input, Path output) throws Exception {
    DuckEngine engine = DuckEngine.defaults(output.getParent().resolve("tmp"));
    long t0 = System.nanoTime();
    try (Connection c = engine.open(); Statement s = c.createStatement()) {
      String reader = input.toString().endsWith(".parquet")
          ? "read_parquet('" + input + "')"
          : "read_csv('" + input + "')";
      s.execute("COPY (SELECT * FROM " + reader + ") TO '" + output + "' (FORMAT PARQUET, COMPRESSION zstd)");
    }
    report((System.nanoTime() - t0) / 1e9, "ok", -1, 0);
  }

  /** Ingests {@code file} (and its profiles) into a new home, so that its tables exist. */
  private static void childPrepare(Path file, Path home, String dataset, Path contract) throws Exception {
    try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(home))) {
      icegate.store().put(ObjectKey.of("config/contracts/" + dataset + ".yaml"), contract);
      String key = "landing/" + dataset + "/" + file.getFileName();
      icegate.store().put(ObjectKey.of(key), file);
      IngestReport r = icegate.ingest().apply(ObjectCreated.of(key));
      icegate.profileBatches().apply(ProfileRequest.after(r));
      report(0, r.status().json(), r.rowsAccepted(), 0);
    }
  }

  private static void childIngest(Path input, Path home, String dataset, Path contract, Path warmUp) throws Exception {
    try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(home))) {
      icegate.store().put(ObjectKey.of("config/contracts/" + dataset + ".yaml"), contract);
      if (warmUp != null) {
        String key = "landing/" + dataset + "/" + warmUp.getFileName();
        icegate.store().put(ObjectKey.of(key), warmUp);
        IngestReport r = icegate.ingest().apply(ObjectCreated.of(key));
        icegate.profileBatches().apply(ProfileRequest.after(r));
        System.err.println("  warm-up upload: " + r.status().json() + " " + r.timings());
      }
      String key = "landing/" + dataset + "/" + input.getFileName();
      icegate.store().put(ObjectKey.of(key), input);
      long t0 = System.nanoTime();
      IngestReport r = icegate.ingest().apply(ObjectCreated.of(key));
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (!r.status().ok()) {
        System.err.println(r);
      }
      System.err.println("  phases (ms): " + r.timings());
      // ingest's follow-up, timed on its own: the rows were visible before it started
      long t1 = System.nanoTime();
      ProfileResult p = icegate.profileBatches().apply(ProfileRequest.after(r));
      if (p.profiled().size() != 1) {
        throw new IllegalStateException("follow-up did not profile the batch: " + p);
      }
      report(seconds, r.status().json(), r.rowsAccepted(), (System.nanoTime() - t1) / 1e9);
    }
  }

  private static void report(double seconds, String status, long rows, double profileSeconds) throws IOException {
    System.out.printf(Locale.ROOT, "RESULT seconds=%.3f status=%s rows=%d rssMiB=%d profileSeconds=%.3f%n", seconds,
        status, rows, peakRssMiB(), profileSeconds);
  }

  /** VmHWM: the process's peak resident set size. */
  private static long peakRssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private static void generate(Path csv, long rows) throws Exception {
    if (Files.exists(csv)) {
      return;
    }
    System.err.println("generating " + csv + " ...");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SELECT setseed(0.42)");
      s.execute("COPY (SELECT i AS id,"
          + " CASE WHEN random() < 0.02 THEN NULL ELSE round(random() * 100, 3) END AS n1,"
          + " round(exp(random() * 5), 4) AS n2, (random() * 1000)::INTEGER AS n3,"
          + " CASE WHEN random() < 0.05 THEN NULL ELSE round(random() * random() * 50, 2) END AS n4,"
          + " round(sqrt(-2 * ln(random() + 1e-12)) * cos(6.283185 * random()), 6) AS n5,"
          + " (i % 97)::BIGINT AS n6, round(random() * 1e6, 1) AS n7, round(random(), 5) AS n8,"
          + " CASE WHEN random() < 0.01 THEN NULL ELSE (random() * 20)::INTEGER END AS n9,"
          + " ['card','cash','no_charge','dispute','unknown'][1 + (random() * 4.999)::INTEGER] AS s0,"
          + " 'zone-' || (random() * 263)::INTEGER AS s1,"
          + " CASE WHEN random() < 0.03 THEN NULL ELSE md5(i::VARCHAR) END AS s2"
          + " FROM range(" + rows + ") t(i)) TO '" + csv + "' (FORMAT CSV, HEADER)");
    }
  }

  private static String syntheticContract() {
    StringBuilder b = new StringBuilder("""
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:icegate:bench:synthetic
        version: 1.0.0
        schema:
          - name: synthetic
            properties:
              - name: id
                logicalType: integer
                required: true
                logicalTypeOptions:
                  minimum: 0
        """);
    for (int i = 1; i <= 9; i++) {
      b.append("      - name: n").append(i).append("\n        logicalType: number\n");
    }
    b.append("""
              - name: s0
                logicalType: string
                quality:
                  - metric: invalidValues
                    arguments:
                      validValues: [card, cash, no_charge, dispute, unknown]
                    mustBe: 0
              - name: s1
                logicalType: string
                logicalTypeOptions:
                  maxLength: 16
              - name: s2
                logicalType: string
                quality:
                  - metric: nullValues
                    mustBeLessThan: 5
                    unit: percent
            quality:
              - metric: rowCount
                mustBeGreaterThan: 0
        """);
    return b.toString();
  }

  private static final String FLIGHTS_CONTRACT = """
      apiVersion: v3.1.0
      kind: DataContract
      id: urn:icegate:bench:flights
      version: 1.0.0
      schema:
        - name: flights
          properties:
            - name: date
              logicalType: timestamp
              required: true
              logicalTypeOptions:
                timezone: false
            - name: delay
              logicalType: integer
            - name: distance
              logicalType: integer
              logicalTypeOptions:
                minimum: 0
            - name: origin
              logicalType: string
              required: true
              logicalTypeOptions:
                pattern: "^[A-Z0-9]{3}$"
            - name: destination
              logicalType: string
              required: true
      """;

  private static long mib(Path file) throws IOException {
    return Files.size(file) >> 20;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
