package io.icegate.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The demo's inputs: the sample trips contract and two taxi-trip CSVs (trip ids get the run id, so
 * every run uploads new content and the demo can run again on the same home), and for the model
 * part the sample churn evaluation contract and gate policy, an evaluation set and predictions.
 */
final class DemoData {
  /** System property naming the repository's {@code local/samples} folder (the launcher sets it). */
  static final String SAMPLES_PROPERTY = "icegate.samples";
  static final String CONTRACT = "contracts/trips.yaml";
  static final String GOOD = "trips-good.csv";
  static final String BAD = "trips-bad.csv";
  static final String CHURN_CONTRACT = "contracts/churn_eval.yaml";
  static final String CHURN_POLICY = "policies/churn.yaml";
  static final String SERVING_CONTRACT = "contracts/churn_serving.yaml";
  /** First day of serving data; day d covers [SERVING_DAY0 + d days, + 1 day). Fixed, so reruns are duplicates. */
  static final Instant SERVING_DAY0 = Instant.parse("2026-11-24T00:00:00Z");
  static final int SERVING_DAYS = 3;
  /** Requests per serving day, 100 seconds apart from midnight. */
  static final int SERVING_ROWS = 800;
  /** The column the last serving day shifts. */
  static final String PLANTED = "tenure";
  /**
   * The drift monitor the demo adds to the sample policy: serving data of the last day against the
   * training snapshot of the version in production (the sample policy stays a gate-only example,
   * usable where no serving data exists).
   */
  static final String MONITORS = """

      # Added by the demo: watch the served features against the training data of production.
      monitors:
        - name: serving
          alias: production
          current: {dataset: churn_serving, timestampColumn: ts, window: P1D}
          reference: {training: true}
          columns: [region, tenure]
      """;
  /** Customers in the evaluation set. */
  static final int CUSTOMERS = 600;
  static final String[] REGIONS = {"north", "south", "east"};

  private DemoData() {}

  /**
   * A contract document and where it came from.
   *
   * @param source the file, or the classpath copy
   * @param yaml its text
   */
  record Contract(String source, String yaml) {}

  /** The sample trips contract. */
  static Contract contract() throws IOException {
    return sample(CONTRACT, "trips.yaml");
  }

  /** A sample: the repository's copy when the launcher names it, else the bundled one. */
  static Contract sample(String relative, String bundled) throws IOException {
    String samples = System.getProperty(SAMPLES_PROPERTY);
    if (samples != null) {
      Path file = Path.of(samples, relative);
      if (Files.isRegularFile(file)) {
        return new Contract(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return new Contract("classpath:demo/" + bundled, resource(bundled));
  }

  /** Each customer's hidden churn propensity; labels and predictions derive from it. */
  static double[] latent() {
    SplittableRandom random = new SplittableRandom(42);
    double[] latent = new double[CUSTOMERS];
    for (int i = 0; i < CUSTOMERS; i++) {
      latent[i] = random.nextGaussian();
    }
    return latent;
  }

  /** The labelled evaluation set; the same every run, so later runs find it already ingested. */
  static byte[] evaluation(double[] latent) {
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder csv = new StringBuilder("customer_id,region,tenure,churned\n");
    for (int i = 0; i < latent.length; i++) {
      csv.append(customer(i)).append(',').append(REGIONS[i % REGIONS.length]).append(',').append(i % 60)
          .append(',').append(latent[i] + random.nextGaussian() > 0 ? 1 : 0).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A model's predictions: sigmoid(1.5 (latent + noise)), so more noise is a worse model. */
  static byte[] predictions(double[] latent, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("customer_id,score\n");
    for (int i = 0; i < latent.length; i++) {
      double score = 1 / (1 + Math.exp(-1.5 * (latent[i] + noise * random.nextGaussian())));
      csv.append(customer(i)).append(',').append(String.format(Locale.ROOT, "%.6f", score)).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One day of serving data: regions and tenures drawn like the evaluation set's (uniform), except
   * that a shifted day serves mostly new customers (tenure under a year), the planted drift.
   */
  static byte[] servingDay(int day, boolean shifted) {
    SplittableRandom random = new SplittableRandom(100 + day);
    Instant start = SERVING_DAY0.plusSeconds(day * 86_400L);
    StringBuilder csv = new StringBuilder("customer_id,ts,region,tenure\n");
    for (int i = 0; i < SERVING_ROWS; i++) {
      int tenure = shifted && random.nextDouble() < 0.7 ? random.nextInt(12) : random.nextInt(60);
      csv.append(customer(random.nextInt(100_000))).append(',').append(start.plusSeconds(i * 100L)).append(',')
          .append(REGIONS[random.nextInt(REGIONS.length)]).append(',').append(tenure).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String customer(int i) {
    return String.format(Locale.ROOT, "c%05d", i);
  }

  /** A run id that sorts by time and is unique per run: base-36 milliseconds. */
  static String runId(Instant now) {
    return Long.toString(now.toEpochMilli(), 36).toUpperCase(Locale.ROOT);
  }

  /** A bundled CSV with its trip ids made unique to the run ({@code NYC-0001} becomes {@code NYC-<run>-0001}). */
  static byte[] csv(String name, String run) {
    return resource(name).replace("\nNYC-", "\nNYC-" + run + "-").getBytes(StandardCharsets.UTF_8);
  }

  private static String resource(String name) {
    try (InputStream in = DemoData.class.getResourceAsStream("/demo/" + name)) {
      if (in == null) {
        throw new IllegalStateException("demo resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
