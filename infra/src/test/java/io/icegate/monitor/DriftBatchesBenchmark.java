package io.icegate.monitor;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.registry.Action;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.store.ObjectKey;
import io.icegate.table.IcegateTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Profile-mode scan time against the number of batches in the window: 100, 1,000 and 10,000, each
 * with two batch sizes (so total rows differ by 10x at the same batch count), in one process.
 *
 * <p>For each batch size a home gets a {@code training} reference (10 batches) and 100
 * {@code serving} batches, all through the real ingest (CSV upload, validation, Parquet, commit,
 * profiles). Batches 101 to 10,000 are made faster than 9,900 uploads would be: each repeats the
 * rows of ingested batch {@code i % 100}: a snapshot of the dataset with its own batch id (one
 * Iceberg transaction; it adds no data file, which profile mode never reads), and that batch's
 * profile rows copied with the new batch id into one new Parquet file of {@code icegate.profiles},
 * as the ingest writes them ({@link IcegateTables#write}). So what profile mode reads has the
 * layout 10,000 uploads leave: a snapshot per batch in the dataset, a profile file per batch.
 *
 * <pre>java -cp ... io.icegate.monitor.DriftBatchesBenchmark [smallRows] [largeRows] [workdir [ingested counts]]</pre>
 */
public final class DriftBatchesBenchmark {

  /** Batch counts measured, and how many of the first are ingested for real (args 4 and 5 for a quick try). */
  private static int[] batchCounts = {100, 1_000, 10_000};
  private static int ingested = 100;
  private static final int REFERENCE_BATCHES = 10;
  private static final int RUNS = 3;
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant NOW = DAY.plus(Duration.ofDays(1));
  private static final String[] SEGMENTS = {"a", "b", "c", "d"};

  private DriftBatchesBenchmark() {}

  /** One measured point. */
  private record Point(int batches, int rowsPerBatch, long rows, double scan, double readProfiles, double merge,
      String mode) {}

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    if (args.length > 4) {
      ingested = Integer.parseInt(args[3]);
      batchCounts = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
    }
    Path dir = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench/drift-batches"))
        .toAbsolutePath();
    List<Point> points = new ArrayList<>();
    for (int rows : new int[] {small, large}) {
      Path homeDir = dir.resolve("home-" + rows + "-" + System.nanoTime());
      try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(homeDir))) {
        long t0 = System.nanoTime();
        for (int b = 0; b < REFERENCE_BATCHES; b++) {
          ingest(icegate, dir, "training", b, rows, DAY.minus(Duration.ofDays(30)), 0);
        }
        for (int b = 0; b < ingested; b++) {
          ingest(icegate, dir, "serving", b, rows, DAY, b % 2 == 0 ? 0 : 0.2);
        }
        System.out.printf(Locale.ROOT, "%,d rows per batch: ingested %d + %d batches in %.1f s%n", rows,
            REFERENCE_BATCHES, ingested, secs(t0));
        Registry registry = new Registry(icegate.tables(), icegate.store(), Clock.systemUTC());
        register(icegate, registry);
        DriftScanner scanner = new DriftScanner(icegate.tables(), icegate.engine(), registry, Clock.systemUTC());
        Monitor monitor = new Monitor("batches", "production",
            new Monitor.Current("serving", "ts", Duration.ofDays(1), Map.of()), Monitor.Reference.TRAINING,
            List.of(col("x1"), col("x2"), col("x3"), col("seg")), ScanMode.PROFILE, 0.5);
        int have = ingested;
        for (int batches : batchCounts) {
          if (batches > have) {
            long t1 = System.nanoTime();
            repeat(icegate, have, batches);
            System.out.printf(Locale.ROOT, "  %,d batches made by repeating ingested ones in %.1f s%n", batches,
                secs(t1));
            have = batches;
          }
          points.add(measure(icegate, scanner, monitor, batches, rows));
          Point p = points.get(points.size() - 1);
          System.out.printf(Locale.ROOT, "  %,d batches: scan %.3f s (profiles read %.3f s, merged %.3f s)%n",
              batches, p.scan(), p.readProfiles(), p.merge());
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nprofile-mode scan, 4 columns (3 numeric, 1 categorical), reference %d batches,"
        + " median of %d (one run at 10,000 batches), threads %d%n", REFERENCE_BATCHES, RUNS, Runtime.getRuntime().availableProcessors());
    System.out.println("| batches | rows per batch | rows in window | scan | per batch | of which profiles read | merged |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (Point p : points) {
      System.out.printf(Locale.ROOT, "| %,d | %,d | %,d | %.3f s | %.3f ms | %.3f s | %.3f s |%n", p.batches(),
          p.rowsPerBatch(), p.rows(), p.scan(), 1000 * p.scan() / p.batches(), p.readProfiles(), p.merge());
    }
  }

  private static Monitor.MonitorColumn col(String name) {
    return new Monitor.MonitorColumn(name, null, null);
  }

  /** Times the profile-mode scan, and apart from it the two steps that grow with batches. */
  private static Point measure(LocalIcegate icegate, DriftScanner scanner, Monitor monitor, int batches, int rows) {
    int runs = batches >= 10_000 ? 1 : RUNS;
    double[] scan = new double[runs];
    double[] read = new double[runs];
    double[] merge = new double[runs];
    DriftScan last = null;
    for (int run = 0; run < runs; run++) {
      long t0 = System.nanoTime();
      last = scanner.scan("batches", monitor, NOW, ScanMode.PROFILE);
      scan[run] = secs(t0);
      Table serving = icegate.tables().dataset("serving").orElseThrow();
      long t1 = System.nanoTime();
      ProfileSource.Batches b = new ProfileSource(icegate.tables())
          .batches(serving, "serving", serving.currentSnapshot().snapshotId());
      read[run] = secs(t1);
      if (b.batches().size() != batches) {
        throw new IllegalStateException(b.batches().size() + " batches, expected " + batches);
      }
      long t2 = System.nanoTime();
      for (Monitor.MonitorColumn c : monitor.columns()) {
        ProfileSource.merge(b.batches(), c.name());
      }
      merge[run] = secs(t2);
    }
    long counted = last.columns().get(0).currentCount();
    if (counted != (long) batches * rows) {
      throw new IllegalStateException("scan counted " + counted + " rows, expected " + (long) batches * rows);
    }
    return new Point(batches, rows, counted, median(scan), median(read), median(merge), last.mode().name());
  }

  /**
   * Makes batches {@code from} to {@code to - 1} by repeating ingested batch {@code i % ingested}:
   * a snapshot of its own with its batch id, its profile rows in a profile file of its own.
   */
  private static void repeat(LocalIcegate icegate, int from, int to) throws Exception {
    Table serving = icegate.tables().dataset("serving").orElseThrow();
    Table profiles = icegate.tables().profiles();
    List<String> sources = new ArrayList<>();
    for (var s : SnapshotUtil.ancestorsOf(serving.currentSnapshot().snapshotId(), serving::snapshot)) {
      sources.add(0, s.summary().get(IcegateTables.BATCH_ID));
    }
    sources = sources.subList(0, ingested);
    Map<String, List<Record>> profileRows = new HashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(profiles)
        .where(Expressions.equal("dataset", "serving")).build()) {
      for (Record r : rows) {
        profileRows.computeIfAbsent((String) r.getField("batch_id"), k -> new ArrayList<>()).add(r.copy());
      }
    }
    // the snapshots add no data file: appending the same files again would make every snapshot's
    // manifest list longer (quadratic to build), and profile mode reads no data file anyway
    Transaction txn = serving.newTransaction();
    List<DataFile> profileFiles = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String source = sources.get(i % ingested);
      String batchId = String.format(Locale.ROOT, "repeat-%05d-of-%s", i, source);
      txn.newFastAppend().set(IcegateTables.BATCH_ID, batchId).commit();
      long snapshotId = txn.table().currentSnapshot().snapshotId();
      List<Record> copies = new ArrayList<>();
      for (Record r : profileRows.get(source)) {
        Record c = r.copy();
        c.setField("batch_id", batchId);
        c.setField("snapshot_id", snapshotId);
        copies.add(c);
      }
      profileFiles.add(IcegateTables.write(profiles, copies));
    }
    txn.commitTransaction();
    AppendFiles append = profiles.newFastAppend();
    profileFiles.forEach(append::appendFile);
    append.commit();
  }

  /** Uploads one CSV batch of {@code rows} rows inside its slice of the day. */
  private static void ingest(LocalIcegate icegate, Path dir, String dataset, int batch, int rows, Instant day,
      double shift) throws Exception {
    if (batch == 0) {
      icegate.store().put(IngestFunction.contractKey(dataset), contract(dataset).getBytes(StandardCharsets.UTF_8));
    }
    SplittableRandom random = new SplittableRandom(31L * batch + dataset.hashCode());
    int slices = dataset.equals("serving") ? ingested : REFERENCE_BATCHES;
    long sliceMicros = 86_400_000_000L / slices;
    long step = sliceMicros / rows;
    StringBuilder csv = new StringBuilder("ts,x1,x2,x3,seg\n");
    for (int i = 0; i < rows; i++) {
      Instant ts = day.plusNanos((batch * sliceMicros + i * step) * 1000);
      double x1 = Math.round((10 + 2 * (random.nextGaussian() + shift)) * 1000) / 1000.0;
      double x2 = Math.exp(1 + 0.5 * random.nextGaussian() + shift);
      int x3 = (int) Math.abs(random.nextBoolean() ? 6 + 3 * random.nextGaussian() : 48 + 8 * random.nextGaussian());
      double u = random.nextDouble();
      String seg = SEGMENTS[u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3];
      csv.append(ts).append(',').append(x1).append(',').append(x2).append(',').append(x3).append(',').append(seg)
          .append('\n');
    }
    String key = "landing/" + dataset + "/batch-" + batch + ".csv";
    icegate.store().put(ObjectKey.of(key), csv.toString().getBytes(StandardCharsets.UTF_8));
    IngestReport report = icegate.ingest().apply(ObjectCreated.of(key));
    if (report.status() != IngestStatus.COMMITTED) {
      throw new IllegalStateException(report.toString());
    }
    icegate.profileBatches().apply(ProfileRequest.after(report));
  }

  private static void register(LocalIcegate icegate, Registry registry) throws Exception {
    long snapshot = icegate.tables().dataset("training").orElseThrow().currentSnapshot().snapshotId();
    byte[] artifact = "weights".getBytes(StandardCharsets.UTF_8);
    icegate.store().put(ObjectKey.of("models/batches/1.bin"), artifact);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
    registry.register("bench", new RegisterRequest("batches", "models/batches/1.bin", sha, "training", snapshot, null,
        "c1", Map.of(), null, List.of(), "drift batches benchmark"), null);
    registry.moveAlias("bench", "batches", "production", 1, null, null, null, Action.PROMOTE);
  }

  private static String contract(String dataset) {
    return """
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
              - name: x1
                logicalType: number
              - name: x2
                logicalType: number
              - name: x3
                logicalType: integer
              - name: seg
                logicalType: string
        """.formatted(dataset);
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
