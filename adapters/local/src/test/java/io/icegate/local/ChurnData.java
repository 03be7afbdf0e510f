package io.icegate.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An evaluation set whose labels come from a known latent score, so a candidate that sees more of
 * the latent is measurably better than one that sees less; plus the bundled churn samples.
 */
final class ChurnData {
  static final String DATASET = "churn_eval";
  static final String[] REGIONS = {"north", "south", "east"};
  private static final Path SAMPLES = Path.of(System.getProperty("basedir", ".")).resolve("../../local/samples")
      .normalize();

  final int rows;
  final double[] latent;

  ChurnData(int rows) {
    this.rows = rows;
    latent = new double[rows];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < rows; i++) {
      latent[i] = random.nextGaussian();
    }
  }

  /** The sample evaluation contract. */
  static Path contract() {
    return SAMPLES.resolve("contracts/churn_eval.yaml");
  }

  /** The sample policy. */
  static Path policy() {
    return SAMPLES.resolve("policies/churn.yaml");
  }

  static String id(int i) {
    return String.format(Locale.ROOT, "c%05d", i);
  }

  /** The evaluation CSV: customer_id, region, tenure, churned (latent plus noise above zero). */
  Path evaluation(Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder csv = new StringBuilder("customer_id,region,tenure,churned\n");
    for (int i = 0; i < rows; i++) {
      csv.append(id(i)).append(',').append(REGIONS[i % REGIONS.length]).append(',').append(i % 60).append(',')
          .append(latent[i] + random.nextGaussian() > 0 ? 1 : 0).append('\n');
    }
    return Fixtures.write(file, csv.toString());
  }

  /** A predictions CSV scoring sigmoid(1.5 * (latent + noise)): more noise is a worse model. */
  Path predictions(Path file, double noise, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("customer_id,score\n");
    for (int i = 0; i < rows; i++) {
      double score = 1 / (1 + Math.exp(-1.5 * (latent[i] + noise * random.nextGaussian())));
      csv.append(id(i)).append(',').append(String.format(Locale.ROOT, "%.6f", score)).append('\n');
    }
    return Fixtures.write(file, csv.toString());
  }
}
