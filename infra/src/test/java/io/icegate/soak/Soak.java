package io.icegate.soak;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFixture;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileBatches;
import io.icegate.maintenance.MaintenanceOptions;
import io.icegate.maintenance.MaintenanceRequest;
import io.icegate.maintenance.MaintenanceResult;
import io.icegate.maintenance.TableMaintainer;
import io.icegate.maintenance.TableReport;
import io.icegate.monitor.DriftScanner;
import io.icegate.monitor.DriftScans;
import io.icegate.monitor.DriftSummary;
import io.icegate.monitor.ScanRequest;
import io.icegate.registry.Action;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.store.ObjectKey;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The soak test of issue 7: many small uploads into one dataset from several threads (good ones,
 * byte-identical duplicates of committed ones, and bad files), while drift scans read the dataset,
 * a reader scans the whole table, and table maintenance compacts, expires and sweeps, all at once.
 * At the end it checks that every good row is there exactly once, that only the bad files were
 * quarantined, that duplicates were recognised, and that the data files stayed bounded; it prints
 * the figures, among them how scan times moved from the first to the last quarter of the run.
 *
 * <pre>local/bench/run.sh soak [uploads] [seconds]</pre>
 */
public final class Soak {
  static final String DATASET = "trips";
  /** Window end for drift scans: the uploads' pickup times are all on 2026-11-27. */
  static final Instant SCAN_AT = Instant.parse("2026-11-28T00:00:00Z");

  /**
   * What the run found.
   *
   * @param submitted uploads submitted
   * @param good uploads meant to commit
   * @param duplicates byte-identical copies of committed uploads
   * @param bad uploads meant to be quarantined
   * @param wrongOutcomes uploads whose status was not the expected one (each described)
   * @param expectedRows rows of the good uploads
   * @param tableRows rows in the table at the end
   * @param distinctIds distinct trip ids in the table at the end
   * @param quarantined uploads the ingest log records as quarantined
   * @param duplicatesRecognised uploads the ingest log records as duplicate
   * @param ingestLogRows rows in the ingest log
   * @param maxDataFiles most data files the reader saw in the table
   * @param finalDataFiles data files after the last maintenance
   * @param snapshotsAtEnd snapshots of the table at the end
   * @param maintenanceRuns maintenance runs, the last one included
   * @param maintenanceErrors table errors maintenance reported
   * @param filesCompacted small files compacted, all tables
   * @param snapshotsExpired snapshots expired, all tables
   * @param driftScans drift scans that ran
   * @param driftFailures drift scans that failed (each described)
   * @param driftFirstQuarterMs median drift scan time in the first quarter of the scans
   * @param driftLastQuarterMs median in the last quarter
   * @param readScans full-table reads
   * @param readFirstQuarterMs median full-table read (plan + read every row) in the first quarter
   * @param readLastQuarterMs median in the last quarter
   * @param taggedRows rows read at the end by time travel to the tagged training snapshot (50 expected)
   * @param seconds wall time of the run
   */
  public record Figures(int submitted, int good, int duplicates, int bad, List<String> wrongOutcomes,
      long expectedRows, long tableRows, long distinctIds, long quarantined, long duplicatesRecognised,
      long ingestLogRows, int maxDataFiles, int finalDataFiles, int snapshotsAtEnd, int maintenanceRuns,
      List<String> maintenanceErrors, long filesCompacted, long snapshotsExpired, int driftScans,
      List<String> driftFailures, double driftFirstQuarterMs, double driftLastQuarterMs, int readScans,
      double readFirstQuarterMs, double readLastQuarterMs, long taggedRows, double seconds) {

    double driftRatio() {
      return driftLastQuarterMs / driftFirstQuarterMs;
    }

    double readRatio() {
      return readLastQuarterMs / readFirstQuarterMs;
    }
  }

  /**
   * How the run is driven.
   *
   * @param uploads uploads to submit
   * @param maxSeconds stop submitting after this long, even if uploads remain
   * @param threads upload threads
   * @param maintainEvery pause between maintenance runs
   * @param seed random seed of the upload mix
   */
  public record Plan(int uploads, int maxSeconds, int threads, Duration maintainEvery, long seed) {}

  /** Maintenance in the soak: the defaults, but snapshots expire at once beyond the last 20. */
  static final MaintenanceOptions SOAK_MAINTENANCE =
      new MaintenanceOptions(0L, 20, null, null, null, null, null, null);

  private enum Kind { GOOD, DUPLICATE, BAD }

  private record Committed(String csv, long rows) {}

  public static void main(String[] args) throws Exception {
    int uploads = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 900;
    Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("icegate-soak");
    Path home = work.resolve("home-" + System.currentTimeMillis());
    Figures f = run(home, new Plan(uploads, seconds, 4, Duration.ofSeconds(30), 7), System.out);
    print(f, System.out);
    List<String> problems = problems(f);
    problems.forEach(p -> System.out.println("PROBLEM: " + p));
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /** What is wrong with the figures; empty when the run kept every promise. */
  public static List<String> problems(Figures f) {
    List<String> p = new ArrayList<>();
    if (!f.wrongOutcomes().isEmpty()) {
      p.add(f.wrongOutcomes().size() + " uploads had the wrong outcome, e.g. " + f.wrongOutcomes().get(0));
    }
    if (f.tableRows() != f.expectedRows() || f.distinctIds() != f.expectedRows()) {
      p.add("table has " + f.tableRows() + " rows (" + f.distinctIds() + " distinct ids), expected " + f.expectedRows());
    }
    if (f.quarantined() != f.bad()) {
      p.add(f.quarantined() + " uploads quarantined, " + f.bad() + " bad files sent");
    }
    if (f.duplicatesRecognised() != f.duplicates()) {
      p.add(f.duplicatesRecognised() + " duplicates recognised, " + f.duplicates() + " sent");
    }
    if (f.ingestLogRows() != f.submitted()) {
      p.add("ingest log has " + f.ingestLogRows() + " rows for " + f.submitted() + " uploads");
    }
    if (f.taggedRows() != 50) {
      p.add("time travel to the tagged training snapshot read " + f.taggedRows() + " rows, not 50");
    }
    if (!f.maintenanceErrors().isEmpty()) {
      p.add("maintenance errors: " + f.maintenanceErrors());
    }
    // below the threshold a partition is left alone, at it the small files become one
    if (f.finalDataFiles() >= MaintenanceOptions.DEFAULTS.minSmallFiles()) {
      p.add(f.finalDataFiles() + " data files after the last maintenance");
    }
    return p;
  }

  /** Runs the soak in a fresh home and returns the figures; progress goes to {@code log}. */
  public static Figures run(Path home, Plan plan, PrintStream log) throws Exception {
    long t0 = System.nanoTime();
    try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(home))) {
      try (InputStream in = Soak.class.getResourceAsStream("/ingest/trips.yaml")) {
        icegate.store().put(IngestFunction.contractKey(DATASET), in);
      }
      IngestFunction ingest = icegate.ingest();
      Clock clock = Clock.systemUTC();
      // the first upload is the training data of a model whose policy monitors the dataset
      String first = IngestFixture.trips("train", 50);
      IngestReport trained = submit(ingest, icegate, "train.csv", first);
      if (trained.status() != IngestStatus.COMMITTED) {
        throw new IllegalStateException("training upload not committed: " + trained);
      }
      Registry registry = new Registry(icegate.tables(), icegate.store(), clock);
      DriftScans scans = monitor(icegate, registry, clock, trained.snapshotId());
      TableMaintainer maintainer = new TableMaintainer(icegate.tables(), icegate.engine(), clock);

      List<Committed> committed = new CopyOnWriteArrayList<>();
      committed.add(new Committed(first, 50));
      AtomicLong expectedRows = new AtomicLong(50);
      AtomicInteger good = new AtomicInteger(1);
      AtomicInteger duplicates = new AtomicInteger();
      AtomicInteger bad = new AtomicInteger();
      AtomicInteger submitted = new AtomicInteger(1);
      List<String> wrong = new CopyOnWriteArrayList<>();
      AtomicBoolean done = new AtomicBoolean();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(plan.maxSeconds());

      List<Long> driftMillis = Collections.synchronizedList(new ArrayList<>());
      List<String> driftFailures = new CopyOnWriteArrayList<>();
      List<Long> readMillis = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger maxFiles = new AtomicInteger();
      List<String> maintenanceErrors = new CopyOnWriteArrayList<>();
      AtomicInteger maintenanceRuns = new AtomicInteger();
      AtomicLong compacted = new AtomicLong();
      AtomicLong expired = new AtomicLong();

      ExecutorService background = Executors.newFixedThreadPool(3);
      List<Future<?>> side = new ArrayList<>();
      side.add(background.submit(() -> {
        while (!done.get()) {
          long s = System.nanoTime();
          try {
            DriftSummary summary = scans.scan(new ScanRequest("churn", "features", null, SCAN_AT));
            if (!summary.failures().isEmpty()) {
              driftFailures.add(summary.failures().get(0).message());
            } else {
              driftMillis.add((System.nanoTime() - s) / 1_000_000);
            }
          } catch (RuntimeException e) {
            driftFailures.add(e.toString());
          }
          pause(1000);
        }
        return null;
      }));
      side.add(background.submit(() -> {
        while (!done.get()) {
          long s = System.nanoTime();
          Table t = icegate.tables().dataset(DATASET).orElseThrow();
          maxFiles.accumulateAndGet(dataFiles(t), Math::max);
          count(t);
          readMillis.add((System.nanoTime() - s) / 1_000_000);
          pause(500);
        }
        return null;
      }));
      side.add(background.submit(() -> {
        while (!done.get()) {
          pause(plan.maintainEvery().toMillis());
          if (!done.get()) {
            maintain(maintainer, maintenanceRuns, maintenanceErrors, compacted, expired, log);
          }
        }
        return null;
      }));

      ExecutorService uploaders = Executors.newFixedThreadPool(plan.threads());
      AtomicInteger next = new AtomicInteger(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < plan.threads(); w++) {
        Random random = new Random(plan.seed() + w);
        workers.add(uploaders.submit(() -> {
          for (int n = next.getAndIncrement(); n < plan.uploads() && System.nanoTime() < deadline;
              n = next.getAndIncrement()) {
            // one in ten a duplicate, one in ten bad: a short run has both
            Kind kind = n % 10 == 3 ? Kind.DUPLICATE : n % 10 == 7 ? Kind.BAD : Kind.GOOD;
            String csv;
            long rows = 0;
            if (kind == Kind.DUPLICATE) {
              csv = committed.get(random.nextInt(committed.size())).csv();
            } else if (kind == Kind.BAD) {
              csv = badFile(n, random);
            } else {
              rows = 1 + random.nextInt(20);
              csv = IngestFixture.trips("u" + n, (int) rows);
            }
            IngestReport r = submit(ingest, icegate, "u" + n + ".csv", csv);
            submitted.incrementAndGet();
            IngestStatus expected = switch (kind) {
              case GOOD -> IngestStatus.COMMITTED;
              case DUPLICATE -> IngestStatus.DUPLICATE;
              case BAD -> IngestStatus.QUARANTINED;
            };
            if (r.status() != expected) {
              wrong.add("u" + n + " (" + kind + "): " + r.status() + " " + r.reasons());
            }
            switch (kind) {
              case GOOD -> {
                good.incrementAndGet();
                if (r.status() == IngestStatus.COMMITTED) {
                  expectedRows.addAndGet(rows);
                  committed.add(new Committed(csv, rows));
                }
              }
              case DUPLICATE -> duplicates.incrementAndGet();
              case BAD -> bad.incrementAndGet();
            }
            if (n % 100 == 0) {
              log.printf(Locale.ROOT, "%6.1f s  %d uploads%n", (System.nanoTime() - t0) / 1e9, n);
            }
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      uploaders.shutdown();
      done.set(true);
      for (Future<?> s : side) {
        s.get();
      }
      background.shutdown();
      // a last run after the uploads: what a scheduled run leaves behind
      maintain(maintainer, maintenanceRuns, maintenanceErrors, compacted, expired, log);

      Table t = icegate.tables().dataset(DATASET).orElseThrow();
      long[] rowsAndDistinct = count(t);
      Map<String, Long> statuses = statuses(icegate.tables().ingestLog());
      int snapshots = 0;
      for (var ignored : t.snapshots()) {
        snapshots++;
      }
      return new Figures(submitted.get(), good.get(), duplicates.get(), bad.get(), List.copyOf(wrong),
          expectedRows.get(), rowsAndDistinct[0], rowsAndDistinct[1], statuses.getOrDefault("quarantined", 0L),
          statuses.getOrDefault("duplicate", 0L), statuses.values().stream().mapToLong(Long::longValue).sum(),
          maxFiles.get(), dataFiles(t), snapshots, maintenanceRuns.get(), List.copyOf(maintenanceErrors),
          compacted.get(), expired.get(), driftMillis.size(), List.copyOf(driftFailures), quarterMedian(driftMillis, true),
          quarterMedian(driftMillis, false), readMillis.size(), quarterMedian(readMillis, true),
          quarterMedian(readMillis, false), taggedRows(t, trained.snapshotId()), (System.nanoTime() - t0) / 1e9);
    }
  }

  private static IngestReport submit(IngestFunction ingest, LocalIcegate icegate, String name, String content) {
    String key = "landing/" + DATASET + "/" + name;
    try {
      icegate.store().put(ObjectKey.of(key), content.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    IngestReport r = ingest.apply(ObjectCreated.of(key));
    // ingest's follow-up, as serve runs it after each upload
    ProfileBatches.after(r, icegate.profileBatches());
    return r;
  }

  /** Bad files of three kinds: a required column missing, a value outside the contract's set, not CSV at all. */
  private static String badFile(int n, Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> "pickup_ts,passenger_count,fare,payment\n2026-11-27T07:00:00Z,1,5.25,card\n";
      case 1 -> IngestFixture.trips("bad" + n, 5).replace(",card\n", ",bitcoin\n");
      default -> "\u0000\u0001 not a csv \u0002\n\u0003";
    };
  }

  private static DriftScans monitor(LocalIcegate icegate, Registry registry, Clock clock, long snapshot)
      throws Exception {
    byte[] artifact = "soak-model".getBytes(StandardCharsets.UTF_8);
    icegate.store().put(ObjectKey.of("models/churn/1.bin"), artifact);
    registry.register("soak", new RegisterRequest("churn", "models/churn/1.bin",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact)), DATASET, snapshot, null,
        "0123abcd", Map.of(), null, List.of("ml@example.com"), "soak"), null);
    registry.moveAlias("soak", "churn", "production", 1, null, null, null, Action.PROMOTE);
    icegate.store().put(ObjectKey.of("config/policies/churn.yaml"), """
        version: "1"
        task: binary
        evaluation: {id: trip_id, label: payment}
        metrics: [{metric: roc_auc, threshold: 0.7}]
        monitors:
          - name: features
            current: {dataset: trips, timestampColumn: pickup_ts, window: P1D}
            columns: [passenger_count, fare, payment]
        """.getBytes(StandardCharsets.UTF_8));
    return new DriftScans(icegate.store(), new DriftScanner(icegate.tables(), icegate.engine(), registry, clock),
        clock);
  }

  private static void maintain(TableMaintainer maintainer, AtomicInteger runs, List<String> errors,
      AtomicLong compacted, AtomicLong expired, PrintStream log) {
    MaintenanceResult r = maintainer.maintain(new MaintenanceRequest(List.of(), false, SOAK_MAINTENANCE));
    runs.incrementAndGet();
    long c = 0;
    long e = 0;
    for (TableReport t : r.tables()) {
      t.errors().forEach(err -> errors.add(t.table() + ": " + err));
      c += t.compaction().filesRewritten();
      e += t.expiry().expired();
    }
    compacted.addAndGet(c);
    expired.addAndGet(e);
    log.printf(Locale.ROOT, "maintenance: %d tables, %d files compacted, %d snapshots expired, %d ms (%s)%s%n",
        r.tables().size(), c, e, r.millis(), String.join(", ", r.tables().stream()
            .map(t -> t.table().substring(t.table().indexOf('.') + 1) + " " + t.millis()).toList()),
        r.ok() ? "" : ", ERRORS");
  }

  static int dataFiles(Table t) {
    t.refresh();
    int n = 0;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask ignored : tasks) {
        n++;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }

  /** Rows and distinct trip ids of the current snapshot, read through Iceberg's generic reader. */
  static long[] count(Table t) {
    t.refresh();
    long rows = 0;
    Set<Object> ids = new HashSet<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).select("trip_id").build()) {
      for (Record r : it) {
        rows++;
        ids.add(r.getField("trip_id"));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new long[] {rows, ids.size()};
  }

  /** Rows of the training snapshot, by time travel: expiry must have kept it for its tag. */
  static long taggedRows(Table t, long snapshotId) {
    if (t.snapshot(snapshotId) == null) {
      return -1;
    }
    long n = 0;
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).useSnapshot(snapshotId).select("trip_id").build()) {
      for (Record ignored : it) {
        n++;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }

  private static Map<String, Long> statuses(Table log) {
    log.refresh();
    Map<String, Long> counts = new ConcurrentHashMap<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(log).select("status", "dataset").build()) {
      for (Record r : it) {
        if (DATASET.equals(r.getField("dataset"))) {
          counts.merge((String) r.getField("status"), 1L, Long::sum);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return counts;
  }

  /** Median of the first (or last) quarter of the values, in order of measurement. */
  static double quarterMedian(List<Long> values, boolean first) {
    List<Long> all;
    synchronized (values) {
      all = new ArrayList<>(values);
    }
    if (all.size() < 4) {
      return Double.NaN;
    }
    int q = all.size() / 4;
    List<Long> part = new ArrayList<>(first ? all.subList(0, q) : all.subList(all.size() - q, all.size()));
    Collections.sort(part);
    return part.size() % 2 == 1 ? part.get(part.size() / 2)
        : (part.get(part.size() / 2 - 1) + part.get(part.size() / 2)) / 2.0;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void print(Figures f, PrintStream out) {
    out.printf(Locale.ROOT, "uploads            %d in %.1f s (%d good, %d duplicates, %d bad), %d wrong outcomes%n",
        f.submitted(), f.seconds(), f.good(), f.duplicates(), f.bad(), f.wrongOutcomes().size());
    out.printf(Locale.ROOT, "rows               %d in the table, %d distinct ids, %d expected%n", f.tableRows(),
        f.distinctIds(), f.expectedRows());
    out.printf(Locale.ROOT, "ingest log         %d rows: %d quarantined (bad files %d), %d duplicates recognised%n",
        f.ingestLogRows(), f.quarantined(), f.bad(), f.duplicatesRecognised());
    out.printf(Locale.ROOT, "data files         at most %d seen during the run, %d after the last maintenance;"
        + " %d snapshots kept%n", f.maxDataFiles(), f.finalDataFiles(), f.snapshotsAtEnd());
    out.printf(Locale.ROOT, "maintenance        %d runs, %d small files compacted, %d snapshots expired, %d errors%n",
        f.maintenanceRuns(), f.filesCompacted(), f.snapshotsExpired(), f.maintenanceErrors().size());
    out.printf(Locale.ROOT, "drift scans        %d, %d failed; median %.0f ms in the first quarter, %.0f ms in the"
        + " last (x%.2f)%n", f.driftScans(), f.driftFailures().size(), f.driftFirstQuarterMs(), f.driftLastQuarterMs(),
        f.driftRatio());
    out.printf(Locale.ROOT, "table reads        %d; median %.0f ms in the first quarter, %.0f ms in the last (x%.2f)%n",
        f.readScans(), f.readFirstQuarterMs(), f.readLastQuarterMs(), f.readRatio());
    out.printf(Locale.ROOT, "tagged snapshot    %d rows by time travel to the training snapshot (50 uploaded)%n",
        f.taggedRows());
    f.wrongOutcomes().stream().limit(5).forEach(w -> out.println("  wrong: " + w));
    f.driftFailures().stream().distinct().limit(5).forEach(w -> out.println("  drift failure: " + w));
    f.maintenanceErrors().stream().distinct().limit(5).forEach(w -> out.println("  maintenance error: " + w));
  }
}
