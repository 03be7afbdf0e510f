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
