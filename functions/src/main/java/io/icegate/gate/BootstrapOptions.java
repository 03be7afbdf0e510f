package io.icegate.gate;

/**
 * How to bootstrap.
 *
 * @param resamples number of resamples R, at least 1
 * @param confidence two-sided level of the percentile interval, in (0, 1)
 * @param seed seed of the java.util.SplittableRandom all resamples derive from
 * @param parallelism threads drawing resamples; results do not depend on it
 */
public record BootstrapOptions(int resamples, double confidence, long seed, int parallelism) {

  public BootstrapOptions {
    if (resamples < 1) {
      throw new MetricException("bootstrap resamples must be at least 1: " + resamples);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new MetricException("bootstrap confidence must be in (0, 1): " + confidence);
    }
    if (parallelism < 1) {
      throw new MetricException("bootstrap parallelism must be at least 1: " + parallelism);
    }
  }

  /** 1000 resamples, 95% confidence, one thread per core up to 4 (results do not depend on it). */
  public static BootstrapOptions withSeed(long seed) {
    return new BootstrapOptions(1000, 0.95, seed,
        Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** The same options with {@code r} resamples. */
  public BootstrapOptions withResamples(int r) {
    return new BootstrapOptions(r, confidence, seed, parallelism);
  }

  /** The same options at another confidence level. */
  public BootstrapOptions withConfidence(double level) {
    return new BootstrapOptions(resamples, level, seed, parallelism);
  }

  /** The same options on {@code threads} threads. */
  public BootstrapOptions withParallelism(int threads) {
    return new BootstrapOptions(resamples, confidence, seed, threads);
  }
}
