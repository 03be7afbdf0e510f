package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.icegate.testing.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A real home with a {@code training} dataset (three ingested batches), a {@code serving} dataset
 * ingested one batch per day, and model {@code churn} version 1 trained on training and promoted
 * to production.
 */
final class DriftFixture implements AutoCloseable {
  /** First day of serving data; day d covers [DAY0 + d days, DAY0 + d + 1 days). */
  static final Instant DAY0 = Instant.parse("2026-11-20T00:00:00Z");
  /** Rows per serving day, 86 seconds apart from midnight. */
  static final int ROWS_PER_DAY = 1000;
  static final int STEP_SECONDS = 86;

  final LocalIcegate icegate;
  final Registry registry;
  final DriftScanner scanner;
  final DriftScans scans;
  final long trainingSnapshot;

  DriftFixture(Path home) throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(home));
    TestClock clock = TestClock.at(Instant.parse("2026-11-27T12:00:00Z"));
    registry = new Registry(icegate.tables(), icegate.store(), clock);
    scanner = new DriftScanner(icegate.tables(), icegate.engine(), registry, clock, icegate.store());
    scans = new DriftScans(icegate.store(), scanner, clock);
    for (String dataset : List.of("training", "serving")) {
      try (InputStream in = DriftFixture.class.getResourceAsStream("/monitor/features.yaml")) {
        icegate.store().put(IngestFunction.contractKey(dataset), in);
      }
    }
    Random random = new Random(7);
    for (int b = 0; b < 3; b++) {
      upload("training", "train-" + b, rows("t" + b, DAY0.minusSeconds(30L * 86400), 1500, 60, 1.0, random));
    }
    trainingSnapshot = icegate.tables().dataset("training").orElseThrow().currentSnapshot().snapshotId();
    byte[] artifact = "model-bytes".getBytes(StandardCharsets.UTF_8);
    icegate.store().put(ObjectKey.of("models/churn/1.bin"), artifact);
    registry.register("test", new RegisterRequest("churn", "models/churn/1.bin", sha256(artifact), "training",
        trainingSnapshot, null, "0123abcd", Map.of(), null, List.of("ml@example.com"), "drift test"), null);
    registry.moveAlias("test", "churn", "production", 1, null, null, null, Action.PROMOTE);
  }

  /** Ingests one serving day; {@code incomeFactor} 1 draws from the training distribution. */
  void servingDay(int day, double incomeFactor, long seed) throws IOException {
    upload("serving", "day-" + day, rows("s" + day, DAY0.plusSeconds(day * 86400L), ROWS_PER_DAY,
        STEP_SECONDS, incomeFactor, new Random(seed)));
  }

  /** Stores the policy of churn with the given monitors section. */
  void policy(String monitors) throws IOException {
    icegate.store().put(ObjectKey.of("config/policies/churn.yaml"), ("""
        version: "1"
        task: binary
        evaluation: {id: id, label: churned}
        metrics: [{metric: roc_auc, threshold: 0.7}]
        """ + monitors).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Rows id, ts, age (normal), income (log-normal, skewed, times {@code incomeFactor}), tenure
   * (bimodal integers) and segment (four categories, unequal shares).
   */
  static String rows(String prefix, Instant start, int n, int stepSeconds, double incomeFactor, Random r) {
    StringBuilder b = new StringBuilder("id,ts,age,income,tenure,segment\n");
    String[] segments = {"a", "b", "c", "d"};
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      String segment = segments[u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3];
      int tenure = r.nextBoolean() ? (int) Math.abs(6 + 3 * r.nextGaussian()) : (int) Math.abs(48 + 8 * r.nextGaussian());
      b.append(prefix).append('-').append(i).append(',').append(start.plusSeconds((long) i * stepSeconds)).append(',')
          .append(String.format(Locale.ROOT, "%.1f", 40 + 10 * r.nextGaussian())).append(',')
          .append(String.format(Locale.ROOT, "%.2f", incomeFactor * Math.exp(10 + 0.5 * r.nextGaussian()))).append(',')
          .append(tenure).append(',').append(segment).append('\n');
    }
    return b.toString();
  }

  private void upload(String dataset, String name, String csv) throws IOException {
    String key = "landing/" + dataset + "/" + name + ".csv";
    icegate.store().put(ObjectKey.of(key), csv.getBytes(StandardCharsets.UTF_8));
    IngestReport report = icegate.ingest().apply(ObjectCreated.of(key));
    assertThat(report.status()).as("%s: %s", name, report.reasons()).isEqualTo(IngestStatus.COMMITTED);
    // ingest's follow-up, as every platform runs it after the commit
    assertThat(icegate.profileBatches().apply(ProfileRequest.after(report)).profiled()).hasSize(1);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    icegate.close();
  }
}
