package io.icegate.gate;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * A home with an ingested evaluation dataset {@code churn_eval} whose labels come from a known
 * latent score, so a candidate that sees more of it is measurably better than one that sees less.
 */
final class GateFixture implements AutoCloseable {
  static final String DATASET = "churn_eval";
  static final String[] REGIONS = {"north", "south", "east"};

  final LocalIcegate icegate;
  final int rows;
  final long snapshotId;
  /** The latent signal per row, and the label it produced. */
  final double[] latent;
  final int[] labels;

  GateFixture(Path dir, int rows) throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(dir));
    this.rows = rows;
    try (InputStream in = GateFixture.class.getResourceAsStream("/gate/churn_eval.yaml")) {
      icegate.store().put(IngestFunction.contractKey(DATASET), in);
    }
    latent = new double[rows];
    labels = new int[rows];
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder csv = new StringBuilder("customer_id,region,tenure,churned\n");
    for (int i = 0; i < rows; i++) {
      latent[i] = random.nextGaussian();
      labels[i] = latent[i] + random.nextGaussian() > 0 ? 1 : 0;
      csv.append(id(i)).append(',').append(REGIONS[i % REGIONS.length]).append(',').append(i % 60).append(',')
          .append(labels[i]).append('\n');
    }
    String key = "landing/" + DATASET + "/eval.csv";
    icegate.store().put(ObjectKey.of(key), csv.toString().getBytes(StandardCharsets.UTF_8));
    IngestReport report = icegate.ingest().apply(ObjectCreated.of(key));
    if (report.status() != IngestStatus.COMMITTED) {
      throw new IllegalStateException("fixture ingest failed: " + report);
    }
    snapshotId = report.snapshotId();
  }

  static String id(int i) {
    return String.format(Locale.ROOT, "c%05d", i);
  }

  /** Scores sigmoid(k * (latent + noise)): more noise is a worse model. */
  String predictions(String key, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return predictions(key, i -> 1 / (1 + Math.exp(-1.5 * (latent[i] + noise * random.nextGaussian()))));
  }

  /** Writes a predictions CSV with the given score per row (rows in reverse order, to test alignment). */
  String predictions(String key, IntToDoubleFunction score) {
    StringBuilder csv = new StringBuilder("customer_id,score\n");
    for (int i = rows - 1; i >= 0; i--) {
      csv.append(id(i)).append(',').append(score.applyAsDouble(i)).append('\n');
    }
    return put(key, csv.toString());
  }

  String put(String key, String content) {
    try {
      icegate.store().put(ObjectKey.of(key), content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key;
  }

  GatePolicy policy() throws IOException {
    try (InputStream in = GateFixture.class.getResourceAsStream("/gate/churn.policy.yaml")) {
      return PolicyParser.parse("churn", new String(in.readAllBytes(), StandardCharsets.UTF_8), "churn.yaml");
    }
  }

  @Override
  public void close() throws IOException {
    icegate.close();
  }
}
