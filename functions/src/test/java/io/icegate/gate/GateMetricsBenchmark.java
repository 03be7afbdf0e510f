package io.icegate.gate;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the gate's metric core on a binary evaluation set: roc_auc, log_loss and f1 for a
 * candidate and a baseline, then their paired bootstrap intervals.
 *
 * <p>Arguments: {@code [rows=1000000] [resamples=1000] [threads=1,2]}. Prints wall and process
 * CPU seconds, and a per-resample breakdown (draw vs each metric's weighted pass).
 */
public final class GateMetricsBenchmark {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private GateMetricsBenchmark() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String[] threads = (args.length > 2 ? args[2] : "1,2").split(",");
    BinaryPredictions candidate = predictions(rows, 2.0, 1);
    BinaryPredictions baseline = predictions(rows, 1.6, 2);
    List<Metric> metrics = List.of(Metric.ROC_AUC, Metric.LOG_LOSS, Metric.F1);
    System.out.printf(Locale.ROOT, "%,d rows, %d resamples, %d cores, %s%n", rows, resamples,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

    // warm-up on a slice so the JIT has compiled the passes before anything is timed
    Bootstrap.pairedDifferences(metrics, predictions(50_000, 2.0, 3), predictions(50_000, 1.6, 3),
        BootstrapOptions.withSeed(0).withResamples(200));

    for (Metric m : metrics) {
      double[] value = new double[2];
      time("value " + m.metricName() + " x2 models", () -> {
        value[0] = m.value(candidate);
        value[1] = m.value(baseline);
      });
      System.out.printf(Locale.ROOT, "    candidate %.6f, baseline %.6f%n", value[0], value[1]);
    }

    breakdown(metrics, candidate, baseline, Math.min(resamples, 50));

    for (String t : threads) {
      BootstrapOptions options = new BootstrapOptions(resamples, 0.95, 42, Integer.parseInt(t));
      List<BootstrapResult>[] out = new List[1];
      time("paired bootstrap, 3 metrics, threads=" + t,
          () -> out[0] = Bootstrap.pairedDifferences(metrics, candidate, baseline, options));
      for (BootstrapResult r : out[0]) {
        System.out.printf(Locale.ROOT, "    %-8s diff %+.6f  95%% CI [%+.6f, %+.6f]  skipped %d%n",
            r.metric().metricName(), r.estimate(), r.lower(), r.upper(), r.skipped());
      }
    }
  }

  /**
   * Milliseconds per resample of the draw and of each metric's pass over each model, with rows
   * in the candidate's score order as the bootstrap has them.
   */
  private static void breakdown(
      List<Metric> metrics, BinaryPredictions candidate, BinaryPredictions baseline, int reps) {
    int[] order = Bootstrap.resampledRows(candidate);
    BinaryPredictions[] models = {candidate.reordered(order), baseline.reordered(order)};
    int[] counts = new int[candidate.rows()];
    SplittableRandom random = new SplittableRandom(1);
    long t0 = System.nanoTime();
    for (int r = 0; r < reps; r++) {
      Bootstrap.draw(random, counts);
    }
    System.out.printf(Locale.ROOT, "per resample: draw %.2f ms%n", ms(t0, reps));
    for (Metric m : metrics) {
      System.out.printf(Locale.ROOT, "  %-9s", m.metricName());
      for (int k = 0; k < 2; k++) {
        long p0 = System.nanoTime();
        Prepared prepared = m.prepare(models[k]);
        double prepare = (System.nanoTime() - p0) / 1e6;
        double sink = 0;
        long c0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
          sink += prepared.compute(counts);
        }
        System.out.printf(Locale.ROOT, "  %s %.2f ms (prepare %.0f ms)%s",
            k == 0 ? "candidate" : "baseline", ms(c0, reps), prepare,
            Double.isNaN(sink) ? " NaN!" : "");
      }
      System.out.println();
    }
  }

  private static double ms(long start, int reps) {
    return (System.nanoTime() - start) / 1e6 / reps;
  }

  private static void time(String label, Runnable step) {
    long c0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    step.run();
    System.out.printf(Locale.ROOT, "%-44s wall %7.2f s  cpu %7.2f s%n", label,
        (System.nanoTime() - t0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9);
  }

  /** About 30% positives, scores a logistic of signal strength {@code signal} plus noise. */
  private static BinaryPredictions predictions(int rows, double signal, long seed) {
    SplittableRandom labelsRandom = new SplittableRandom(99);
    SplittableRandom noise = new SplittableRandom(seed);
    int[] labels = new int[rows];
    double[] scores = new double[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = labelsRandom.nextDouble() < 0.3 ? 1 : 0;
      double z = Math.sqrt(-2 * Math.log(1 - noise.nextDouble()))
          * Math.cos(2 * Math.PI * noise.nextDouble());
      // rounded to 4 decimals, as many stored probabilities are: ties exercise the curve code
      scores[i] = Math.round(1e4 / (1 + Math.exp(-(signal * (labels[i] - 0.3) + z)))) / 1e4;
    }
    return BinaryPredictions.of(labels, scores);
  }
}
