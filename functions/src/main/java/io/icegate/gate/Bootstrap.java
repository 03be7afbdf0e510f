package io.icegate.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Percentile bootstrap intervals of metrics, and paired intervals of candidate minus baseline on
 * the same resampled rows.
 *
 * <p>A resample is a multinomial count per row: n uniform draws of a row, two per 64-bit draw,
 * unbiased by Lemire's multiply-and-reject. Every metric gets it as repeat counts, so a resample
 * costs O(n) per metric and model, and the metrics of one call share their resamples. Resample r
 * draws from the r-th {@link SplittableRandom#split()} of {@code new SplittableRandom(seed)}: the
 * results are bit-identical for a seed whatever the parallelism, and a metric's interval does not
 * depend on which other metrics are computed with it.
 *
 * <p>Binary predictions are resampled with their rows numbered by the candidate's descending
 * score, so the candidate's roc_auc and average_precision passes read
 * the counts sequentially instead of gathering them at random, which is about a quarter of the
 * cost of a paired resample on a million rows.
 */
public final class Bootstrap {

  private Bootstrap() {}

  /** The interval of one model's metric. */
  public static BootstrapResult interval(
      Metric metric, Predictions predictions, BootstrapOptions options) {
    return intervals(List.of(metric), predictions, options).get(0);
  }

  /** The interval of metric(candidate) - metric(baseline) over paired resamples of the rows. */
  public static BootstrapResult pairedDifference(
      Metric metric, Predictions candidate, Predictions baseline, BootstrapOptions options) {
    return pairedDifferences(List.of(metric), candidate, baseline, options).get(0);
  }

  /** {@link #interval} for several metrics on the same resamples, in the order given. */
  public static List<BootstrapResult> intervals(
      List<Metric> metrics, Predictions predictions, BootstrapOptions options) {
    return run(metrics, predictions, null, options);
  }

  /**
   * {@link #pairedDifference} for several metrics on the same resamples, in the order given.
   *
   * @throws MetricException if the two models' labels differ or a metric is undefined on the
   *     evaluation set or on every resample
   */
  public static List<BootstrapResult> pairedDifferences(
      List<Metric> metrics, Predictions candidate, Predictions baseline, BootstrapOptions options) {
    candidate.requireSameLabels(baseline);
    return run(metrics, candidate, baseline, options);
  }

  /**
   * The row order resample counts are drawn in: counts[i] is the weight of row order[i]. For
   * binary predictions the candidate's descending score order, for others the rows as given.
   */
  static int[] resampledRows(Predictions candidate) {
    if (candidate instanceof BinaryPredictions b) {
      return ScoreOrder.descending(b.scores());
    }
    int[] identity = new int[candidate.rows()];
    Arrays.setAll(identity, i -> i);
    return identity;
  }

  private static List<BootstrapResult> run(
      List<Metric> metrics, Predictions candidate, Predictions baseline, BootstrapOptions options) {
    int n = candidate.rows();
    if (n == 0) {
      throw new MetricException(
          "the bootstrap needs at least one row; the evaluation set is empty");
    }
    if (candidate instanceof BinaryPredictions c) {
      int[] order = resampledRows(c);
      candidate = c.reordered(order);
      baseline = baseline == null ? null : ((BinaryPredictions) baseline).reordered(order);
    }
    int k = metrics.size();
    Prepared[] cand = new Prepared[k];
    Prepared[] base = baseline == null ? null : new Prepared[k];
    double[] estimates = new double[k];
    int[] ones = Checks.onesIfNull(null, n);
    for (int m = 0; m < k; m++) {
      cand[m] = metrics.get(m).prepare(candidate);
      estimates[m] = cand[m].value(ones);
      if (base != null) {
        base[m] = metrics.get(m).prepare(baseline);
        estimates[m] -= base[m].value(ones);
      }
    }
    int resamples = options.resamples();
    SplittableRandom root = new SplittableRandom(options.seed());
    SplittableRandom[] streams = new SplittableRandom[resamples];
    for (int r = 0; r < resamples; r++) {
      streams[r] = root.split();
    }
    double[][] values = new double[k][resamples];
    runResamples(streams, n, options.parallelism(), (r, counts) -> {
      for (int m = 0; m < k; m++) {
        double v = cand[m].compute(counts);
        values[m][r] = base == null ? v : v - base[m].compute(counts);
      }
    });
    List<BootstrapResult> results = new ArrayList<>(k);
    for (int m = 0; m < k; m++) {
      results.add(summarise(metrics.get(m), baseline != null, estimates[m], values[m], options,
          cand[m], base == null ? null : base[m], streams.length));
    }
    return results;
  }

  private interface Resample {
    void accept(int resample, int[] counts);
  }

  /** Calls {@code body} for every resample with its counts, on {@code threads} threads. */
  private static void runResamples(
      SplittableRandom[] streams, int n, int threads, Resample body) {
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      int[] counts = new int[n];
      for (int r = next.getAndIncrement(); r < streams.length; r = next.getAndIncrement()) {
        draw(streams[r], counts);
        body.accept(r, counts);
      }
    };
    int workers = Math.min(threads, streams.length);
    if (workers == 1) {
      worker.run();
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
      Thread t = new Thread(runnable, "icegate-bootstrap");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        futures.add(pool.submit(worker));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bootstrap interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Overwrites {@code counts} with a multinomial draw of counts.length rows, uniformly. */
  static void draw(SplittableRandom random, int[] counts) {
    int n = counts.length;
    Arrays.fill(counts, 0);
    // Lemire's nearly divisionless bounded integer on each 32-bit half of a 64-bit draw: the
    // 2^32 mod n lowest products would favour some rows, so they are rejected and every row has
    // probability exactly 1/n
    long reject = (0x1_0000_0000L - n) % n;
    int drawn = 0;
    while (drawn < n) {
      long bits = random.nextLong();
      long high = (bits >>> 32) * n;
      if ((high & 0xFFFF_FFFFL) >= reject) {
        counts[(int) (high >>> 32)]++;
        drawn++;
      }
      long low = (bits & 0xFFFF_FFFFL) * n;
      if (drawn < n && (low & 0xFFFF_FFFFL) >= reject) {
        counts[(int) (low >>> 32)]++;
        drawn++;
      }
    }
  }

  private static BootstrapResult summarise(Metric metric, boolean paired, double estimate,
      double[] values, BootstrapOptions options, Prepared cand, Prepared base, int resamples) {
    double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    if (defined.length == 0) {
      throw new MetricException(String.format(Locale.ROOT,
          "%s is undefined on all %d bootstrap resamples (e.g. %s); the evaluation set is too "
              + "small or too unbalanced", metric.metricName(), resamples,
          firstReason(cand, base, options)));
    }
    Arrays.sort(defined);
    double alpha = (1 - options.confidence()) / 2;
    return new BootstrapResult(metric, paired, estimate,
        Percentile.linear(defined, defined.length, alpha),
        Percentile.linear(defined, defined.length, 1 - alpha),
        options.confidence(), resamples, resamples - defined.length, options.seed());
  }

  /** Redraws the first resample to say why the metric was undefined there. */
  private static String firstReason(Prepared cand, Prepared base, BootstrapOptions options) {
    int[] counts = new int[cand.rows];
    draw(new SplittableRandom(options.seed()).split(), counts);
    if (Double.isNaN(cand.compute(counts))) {
      return cand.undefined(counts);
    }
    return base.undefined(counts);
  }
}
