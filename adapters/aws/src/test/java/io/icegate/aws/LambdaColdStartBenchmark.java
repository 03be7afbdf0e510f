package io.icegate.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.aws.RuntimeApiServer.Result;
import io.icegate.infra.aws.S3Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold start of the packaged ingest function: a fresh JVM under AWS's runtime interface client to
 * the first response for a small upload (an SQS-wrapped S3 event, 5 rows committed to an Iceberg
 * table on s3proxy), through Spring Cloud Function ({@link IngestHandler}) and through a plain
 * stream handler calling the same core function ({@link PlainIngestHandler}, the baseline), with
 * the same task root and JVM flags, runs alternating. Then the warm latency of further uploads in
 * the same process. Once with default flags, once with C1 only (-XX:TieredStopAtLevel=1) and an
 * AppCDS archive per variant (recorded by a training run with -XX:ArchiveClassesAtExit).
 *
 * <p>Run with {@code local/bench/run.sh lambda-cold [runs] [warm]}.
 */
public final class LambdaColdStartBenchmark {

  private static final String SCF = "io.icegate.aws.IngestHandler::handleRequest";
  private static final String PLAIN = "io.icegate.aws.PlainIngestHandler::handleRequest";

  private final Path work;
  private final Path task;
  private final S3Server s3;
  private final S3Client client;
  private final Map<String, String> env;
  private final String runtimeClasspath;
  private int uploads;

  private LambdaColdStartBenchmark(Path work, Path task, S3Server s3, Map<String, String> env) {
    this.work = work;
    this.task = task;
    this.s3 = s3;
    this.client = s3.client();
    this.env = env;
    this.runtimeClasspath = LambdaProcess.runtimeClasspath();
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int warm = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path work = Path.of(args.length > 2 ? args[2] : "target/bench/lambda-cold").toAbsolutePath();
    Path zip = args.length > 3 ? Path.of(args[3]) : LambdaProcess.zipForThisMachine();
    deleteTree(work);
    Files.createDirectories(work);
    // one task root for both variants: the zip as Lambda unzips it, plus the baseline's own jar
    Path task = LambdaProcess.unzip(zip, work.resolve("task"));
    baselineJar(task.resolve("lib/icegate-bench-baseline.jar"));
    System.out.printf("zip %s (%d bytes), java %s, %d cores, %d runs per variant and config, %d warm invocations each%n",
        zip.getFileName(), Files.size(zip), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), runs, warm);

    try (S3Server s3 = S3Server.start()) {
      s3.client().createBucket(b -> b.bucket(LambdaFixture.BUCKET));
      s3.client().putObject(b -> b.bucket(LambdaFixture.BUCKET).key("config/contracts/trips.yaml"),
          RequestBody.fromFile(LambdaFixture.SAMPLES.resolve("contracts/trips.yaml")));
      Map<String, String> env = LambdaFixture.s3Env(s3, Files.createDirectories(work.resolve("catalog")));
      LambdaColdStartBenchmark bench = new LambdaColdStartBenchmark(work, task, s3, env);
      List<String> base = List.of("-Xmx1g", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));

      // creates the tables, so every measured run commits to existing ones
      bench.run(PLAIN, base, 0, "setup", 10);
      System.out.println("load average before: " + loadAverage());
      bench.config("default flags", runs, warm, base, base);
      // AppCDS: one training run per variant records the classes it loaded
      List<String> c1 = concat(base, List.of("-XX:TieredStopAtLevel=1"));
      Path scfJsa = work.resolve("scf.jsa");
      Path plainJsa = work.resolve("plain.jsa");
      bench.train(SCF, concat(c1, List.of("-XX:ArchiveClassesAtExit=" + scfJsa)), warm, scfJsa);
      bench.train(PLAIN, concat(c1, List.of("-XX:ArchiveClassesAtExit=" + plainJsa)), warm, plainJsa);
      bench.config("-XX:TieredStopAtLevel=1 + AppCDS", runs, warm,
          concat(c1, List.of("-XX:SharedArchiveFile=" + scfJsa)), concat(c1, List.of("-XX:SharedArchiveFile=" + plainJsa)));
      System.out.println("load average after: " + loadAverage());
      bench.client.close();
    }
  }

  private void config(String name, int runs, int warm, List<String> scfFlags, List<String> plainFlags) throws Exception {
    List<Long> scfCold = new ArrayList<>();
    List<Long> plainCold = new ArrayList<>();
    List<Long> scfWarm = new ArrayList<>();
    List<Long> plainWarm = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      // alternate which goes first, so drift on a shared machine hits both alike
      boolean scfFirst = i % 2 == 0;
      for (int k = 0; k < 2; k++) {
        boolean scf = (k == 0) == scfFirst;
        Run r = run(scf ? SCF : PLAIN, scf ? scfFlags : plainFlags, warm, name + "-" + i, 10);
        (scf ? scfCold : plainCold).add(r.coldMillis);
        (scf ? scfWarm : plainWarm).addAll(r.warmMillis);
        System.out.printf("  %-34s run %2d %-5s cold %5d ms, warm %s ms%n", name, i + 1, scf ? "scf" : "plain",
            r.coldMillis, r.warmMillis);
      }
    }
    long scf = median(scfCold);
    long plain = median(plainCold);
    System.out.printf("%s: cold start median SCF %d ms (min %d, max %d), plain %d ms (min %d, max %d), ratio %.2f;"
            + " warm median SCF %d ms, plain %d ms%n", name, scf, min(scfCold), max(scfCold), plain, min(plainCold),
        max(plainCold), (double) scf / plain, median(scfWarm), median(plainWarm));
  }

  private void train(String handler, List<String> flags, int warm, Path archive) throws Exception {
    // the archive is written while the JVM exits after SIGTERM: give it time
    run(handler, flags, warm, "training", 300);
    if (!Files.exists(archive)) {
      throw new IllegalStateException("the training run wrote no CDS archive at " + archive);
    }
    System.out.printf("  AppCDS archive for %s: %d bytes%n", handler, Files.size(archive));
  }

  private record Run(long coldMillis, List<Long> warmMillis) {}

  private Run run(String handler, List<String> flags, int warm, String label, long stopSeconds) throws Exception {
    Path log = work.resolve("lambda-" + label.replaceAll("[^A-Za-z0-9-]", "_") + "-" + (handler.contains("Plain") ? "plain" : "scf") + ".log");
    try (RuntimeApiServer api = new RuntimeApiServer()) {
      String first = api.invoke(upload());
      long t0 = System.nanoTime();
      try (LambdaProcess lambda = LambdaProcess.start(task, runtimeClasspath, handler, api.address(), env, flags, log)) {
        Result cold = check(api.await(first, 300, TimeUnit.SECONDS), lambda);
        long coldMillis = (cold.atNanos() - t0) / 1_000_000;
        List<Long> warmMillis = new ArrayList<>();
        for (int i = 0; i < warm; i++) {
          byte[] event = upload();
          long t = System.nanoTime();
          Result r = check(api.await(api.invoke(event), 120, TimeUnit.SECONDS), lambda);
          warmMillis.add((r.atNanos() - t) / 1_000_000);
        }
        lambda.stop(stopSeconds);
        return new Run(coldMillis, warmMillis);
      }
    }
  }

  private static Result check(Result r, LambdaProcess lambda) {
    if (r.error() || !r.body().contains("\"batchItemFailures\":[]")) {
      throw new IllegalStateException("the invocation failed: " + r.body() + "\n" + lambda.output());
    }
    return r;
  }

  /** Uploads 5 new trips under a new key and returns the SQS event that notifies it. */
  private byte[] upload() throws Exception {
    int n = ++uploads;
    String key = "landing/trips/bench-" + n + ".csv";
    String csv = new String(LambdaFixture.resource("uploads/trips-morning.csv"), StandardCharsets.UTF_8)
        .replaceAll("(?m)^m-", "b" + n + "-");
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    client.putObject(b -> b.bucket(LambdaFixture.BUCKET).key(key), RequestBody.fromBytes(bytes));
    ObjectNode sqs = (ObjectNode) LambdaFixture.eventTree("sqs-s3-one.json");
    ObjectNode message = (ObjectNode) sqs.get("Records").get(0);
    ObjectNode notification = (ObjectNode) LambdaFixture.JSON.readTree(message.get("body").asText());
    ObjectNode object = (ObjectNode) ((ArrayNode) notification.get("Records")).get(0).get("s3").get("object");
    object.put("key", key).put("size", bytes.length).put("eTag", md5(bytes));
    message.put("body", LambdaFixture.JSON.writeValueAsString(notification));
    return LambdaFixture.JSON.writeValueAsBytes(sqs);
  }

  /** A jar of the baseline handler, from this class's own output folder. */
  private static void baselineJar(Path jar) throws IOException, URISyntaxException {
    Path classes = Path.of(PlainIngestHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.list(classes.resolve("io/icegate/aws"))) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("PlainIngestHandler")).toList()) {
        j.putNextEntry(new JarEntry("io/icegate/aws/" + p.getFileName()));
        j.write(Files.readAllBytes(p));
        j.closeEntry();
      }
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String md5(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long min(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
