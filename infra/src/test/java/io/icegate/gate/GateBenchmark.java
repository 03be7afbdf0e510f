package io.icegate.gate;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.registry.Expected;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.store.ObjectKey;
import io.icegate.table.SnapshotFiles;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.iceberg.expressions.Expressions;

/**
 * The gate on many evaluation rows: metrics plus paired bootstrap resamples, against the time DuckDB
 * needs merely to join the two predictions files with the labels of the pinned snapshot, in the
 * same process on the same files.
 *
 * <pre>java -cp ... io.icegate.gate.GateBenchmark [rows] [resamples] [workdir]</pre>
 */
public final class GateBenchmark {

  private static final int RUNS = 3;

  private GateBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path dir = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench/gate-" + rows))
        .toAbsolutePath();
    Path homeDir = dir.resolve("home-" + System.nanoTime());
    try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(homeDir))) {
      long t0 = System.nanoTime();
      long snapshot = setUp(icegate, rows, dir);
      System.out.printf(Locale.ROOT, "set-up (generate, ingest %,d rows, register): %.1f s%n", rows, secs(t0));
      icegate.store().put(GateService.policyKey("bench"), policy(resamples).getBytes(StandardCharsets.UTF_8));
      Registry registry = new Registry(icegate.tables(), icegate.store(), Clock.systemUTC());
      GateService gate = new GateService(icegate.tables(), icegate.store(), icegate.engine(), registry,
          Clock.systemUTC());
      GateRequest request = new GateRequest("bench_eval", snapshot, null, "preds/cand.csv", "preds/base.csv");

      double[] join = new double[RUNS];
      double[] full = new double[RUNS];
      double[] load = new double[RUNS];
      EvaluationLoader loader = new EvaluationLoader(icegate.tables(), icegate.store(), icegate.engine());
      GatePolicy policy = gate.policy("bench");
      for (int run = 0; run < RUNS; run++) {
        join[run] = duckJoin(icegate, snapshot, dir);
        long l0 = System.nanoTime();
        loader.load(policy, "bench_eval", snapshot, "preds/cand.csv", "preds/base.csv");
        load[run] = secs(l0);
        long g0 = System.nanoTime();
        GateDecision d = gate.gate("bench", "bench", 2, request, "run-" + run);
        full[run] = secs(g0);
        if (run == 0) {
          d.metrics().forEach(m -> System.out.printf(Locale.ROOT, "  %-12s candidate %.5f baseline %.5f diff [%.5f, %.5f]%n",
              m.metric(), m.candidate(), m.baseline(), m.difference().lower(), m.difference().upper()));
        }
      }
      double j = median(join);
      double g = median(full);
      double l = median(load);
      System.out.printf(Locale.ROOT, "rows %,d, resamples %d, metrics roc_auc + log_loss + f1, threads %d%n", rows,
          resamples, Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "DuckDB join of labels with both predictions files: %.2f s (median of %d)%n", j, RUNS);
      System.out.printf(Locale.ROOT, "gate, end to end: %.2f s (load and align %.2f s, metrics + bootstrap + report %.2f s)%n",
          g, l, g - l);
      System.out.printf(Locale.ROOT, "ratio gate / join: %.1f%n", g / j);
    }
  }

  /** The baseline: read both CSVs and the snapshot's Parquet, join on id, materialize. */
  private static double duckJoin(LocalIcegate icegate, long snapshot, Path dir) throws Exception {
    var table = icegate.tables().dataset("bench_eval").orElseThrow();
    Path objects = icegate.home().objects();
    try (SnapshotFiles files = SnapshotFiles.plan(table, snapshot, Expressions.alwaysTrue(), dir);
        Connection c = icegate.engine().open();
        Statement s = c.createStatement()) {
      String parquet = files.paths().stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]"));
      long t0 = System.nanoTime();
      s.execute("CREATE TEMP TABLE j AS SELECT l.churned, c.score AS cs, b.score AS bs FROM read_parquet(" + parquet
          + ") l JOIN read_csv('" + objects.resolve("preds/cand.csv") + "', header = true, types = {'customer_id': 'VARCHAR'}) c"
          + " USING (customer_id) JOIN read_csv('" + objects.resolve("preds/base.csv")
          + "', header = true, types = {'customer_id': 'VARCHAR'}) b USING (customer_id) ORDER BY customer_id");
      double t = secs(t0);
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM j")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          throw new IllegalStateException("empty join");
        }
      }
      return t;
    }
  }

  private static long setUp(LocalIcegate icegate, int rows, Path dir) throws Exception {
    try (InputStream in = GateBenchmark.class.getResourceAsStream("/gate/churn_eval.yaml")) {
      String contract = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("churn_eval", "bench_eval");
      icegate.store().put(IngestFunction.contractKey("bench_eval"), contract.getBytes(StandardCharsets.UTF_8));
    }
    SplittableRandom random = new SplittableRandom(7);
    double[] latent = new double[rows];
    Path eval = dir.resolve("eval-" + rows + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(eval)) {
      w.write("customer_id,region,tenure,churned\n");
      for (int i = 0; i < rows; i++) {
        latent[i] = random.nextGaussian();
        int label = latent[i] + random.nextGaussian() > 0 ? 1 : 0;
        w.write(id(i) + "," + GateFixture.REGIONS[i % 3] + "," + (i % 60) + "," + label + "\n");
      }
    }
    icegate.store().put(ObjectKey.of("landing/bench_eval/eval.csv"), eval);
    IngestReport report = icegate.ingest().apply(ObjectCreated.of("landing/bench_eval/eval.csv"));
    if (report.status() != IngestStatus.COMMITTED) {
      throw new IllegalStateException(report.toString());
    }
    writePredictions(icegate, dir, "cand", latent, 0.6, 11);
    writePredictions(icegate, dir, "base", latent, 0.7, 12);
    Registry registry = new Registry(icegate.tables(), icegate.store(), Clock.systemUTC());
    byte[] artifact = "weights".getBytes(StandardCharsets.UTF_8);
    icegate.store().put(ObjectKey.of("artifacts/bench/model.bin"), artifact);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
    for (int v = 1; v <= 2; v++) {
      registry.register("bench", new RegisterRequest("bench", "artifacts/bench/model.bin", sha, "bench_eval",
          report.snapshotId(), null, "c" + v, Map.of(), null, List.of(), null), "reg-" + v);
    }
    registry.moveAlias("bench", "bench", "production", 1, Expected.anything(), "baseline", "p1",
        io.icegate.registry.Action.OVERRIDE);
    return report.snapshotId();
  }

  private static void writePredictions(LocalIcegate icegate, Path dir, String name, double[] latent, double noise,
      long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    Path file = dir.resolve(name + "-" + latent.length + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("customer_id,score\n");
      for (int i = 0; i < latent.length; i++) {
        double score = 1 / (1 + Math.exp(-1.5 * (latent[i] + noise * random.nextGaussian())));
        w.write(id(i) + "," + score + "\n");
      }
    }
    icegate.store().put(ObjectKey.of("preds/" + name + ".csv"), file);
  }

  private static String policy(int resamples) {
    return """
        version: "1"
        task: binary
        evaluation: {id: customer_id, label: churned, minSamples: 1000}
        metrics:
          - {metric: roc_auc, threshold: 0.6, nonInferiorityMargin: 0.01}
          - {metric: log_loss, nonInferiorityMargin: 0.01}
          - {metric: f1, threshold: 0.5}
        bootstrap: {resamples: %d, seed: 1}
        """.formatted(resamples);
  }

  private static String id(int i) {
    return String.format(Locale.ROOT, "c%07d", i);
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
