package io.icegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Paired and single bootstrap intervals: reproducibility, direction, skipped resamples. */
class BootstrapTest {

  private static final int N = 2000;

  /** Labels with a signal; the candidate sees it with less noise than the baseline. */
  private static final int[] LABELS = new int[N];
  private static final double[] GOOD = new double[N];
  private static final double[] WORSE = new double[N];

  static {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < N; i++) {
      LABELS[i] = random.nextInt(3) == 0 ? 1 : 0;
      double signal = LABELS[i] == 1 ? 1.0 : 0.0;
      GOOD[i] = sigmoid(2.5 * (signal - 0.5) + gaussian(random));
      WORSE[i] = sigmoid(1.0 * (signal - 0.5) + gaussian(random));
    }
  }

  private final BinaryPredictions candidate = BinaryPredictions.of(LABELS, GOOD);
  private final BinaryPredictions baseline = BinaryPredictions.of(LABELS, WORSE);
  private final List<Metric> metrics = List.of(Metric.ROC_AUC, Metric.LOG_LOSS, Metric.F1);

  @Test
  void theSameSeedGivesBitIdenticalResultsWhateverTheThreads() {
    BootstrapOptions options =
        BootstrapOptions.withSeed(42).withResamples(200).withParallelism(1);
    List<BootstrapResult> first =
        Bootstrap.pairedDifferences(metrics, candidate, baseline, options);
    List<BootstrapResult> again =
        Bootstrap.pairedDifferences(metrics, candidate, baseline, options);
    List<BootstrapResult> threaded = Bootstrap.pairedDifferences(metrics, candidate, baseline,
        options.withParallelism(3));
    // records compare doubles bit for bit (Double.compare)
    assertThat(again).isEqualTo(first);
    assertThat(threaded).isEqualTo(first);
    // a metric's interval does not depend on the metrics computed alongside it
    assertThat(Bootstrap.pairedDifference(Metric.LOG_LOSS, candidate, baseline, options))
        .isEqualTo(first.get(1));
  }

  @Test
  void differentSeedsGiveDifferentIntervals() {
    BootstrapOptions options = BootstrapOptions.withSeed(1).withResamples(200);
    BootstrapResult a = Bootstrap.pairedDifference(Metric.ROC_AUC, candidate, baseline, options);
    BootstrapResult b = Bootstrap.pairedDifference(Metric.ROC_AUC, candidate, baseline,
        new BootstrapOptions(200, 0.95, 2, 1));
    assertThat(a.estimate()).isEqualTo(b.estimate());
    assertThat(a.lower()).isNotEqualTo(b.lower());
    assertThat(a.upper()).isNotEqualTo(b.upper());
  }

  @Test
  void aBetterCandidateHasItsWholeIntervalOnTheBetterSide() {
    List<BootstrapResult> results = Bootstrap.pairedDifferences(metrics, candidate, baseline,
        BootstrapOptions.withSeed(7));
    BootstrapResult auc = results.get(0);
    assertThat(auc.paired()).isTrue();
    assertThat(auc.resamples()).isEqualTo(1000);
    assertThat(auc.skipped()).isZero();
    assertThat(auc.estimate()).isEqualTo(
        Metric.ROC_AUC.value(candidate) - Metric.ROC_AUC.value(baseline));
    assertThat(auc.lower()).isPositive();
    assertThat(auc.lower()).isLessThan(auc.estimate()).isLessThan(auc.upper());
    BootstrapResult logLoss = results.get(1); // lower is better: the difference is negative
    assertThat(logLoss.upper()).isNegative();
    assertThat(results.get(2).lower()).isPositive();
    // swapped, the interval is on the other side (not an exact mirror: binary rows are
    // resampled in the candidate's score order, so the resamples differ)
    BootstrapResult swapped = Bootstrap.pairedDifference(Metric.ROC_AUC, baseline, candidate,
        BootstrapOptions.withSeed(7));
    assertThat(swapped.estimate()).isEqualTo(-auc.estimate());
    assertThat(swapped.upper()).isNegative();
  }

  @Test
  void theIntervalIsTheNumpyPercentileOfTheResampledValues() {
    BootstrapOptions options = BootstrapOptions.withSeed(5).withResamples(50).withConfidence(0.9);
    BootstrapResult r = Bootstrap.pairedDifference(Metric.F1, candidate, baseline, options);
    // recompute each resample through the public API, with the documented seeding scheme and
    // counts[i] weighing row order[i]
    SplittableRandom root = new SplittableRandom(5);
    int[] order = Bootstrap.resampledRows(candidate);
    double[] values = new double[50];
    int[] counts = new int[N];
    int[] weights = new int[N];
    for (int i = 0; i < 50; i++) {
      Bootstrap.draw(root.split(), counts);
      assertThat(Arrays.stream(counts).sum()).isEqualTo(N);
      for (int j = 0; j < N; j++) {
        weights[order[j]] = counts[j];
      }
      values[i] = Metric.F1.value(candidate, weights) - Metric.F1.value(baseline, weights);
    }
    Arrays.sort(values);
    double alpha = (1 - 0.9) / 2;
    assertThat(r.lower()).isEqualTo(Percentile.linear(values, 50, alpha));
    assertThat(r.upper()).isEqualTo(Percentile.linear(values, 50, 1 - alpha));
    assertThat(r.confidence()).isEqualTo(0.9);
    assertThat(r.seed()).isEqualTo(5);
  }

  @Test
  void resamplesWithoutBothClassesAreSkippedAndCounted() {
    // one positive among 30 rows: a resample misses it with probability (29/30)^30, about 36%
    int[] labels = new int[30];
    labels[4] = 1;
    double[] a = new double[30];
    double[] b = new double[30];
    for (int i = 0; i < 30; i++) {
      a[i] = (i * 7 % 30) / 30.0;
      b[i] = (i * 11 % 30) / 30.0;
    }
    BinaryPredictions one = BinaryPredictions.of(labels, a);
    BinaryPredictions other = BinaryPredictions.of(labels, b);
    BootstrapOptions options = BootstrapOptions.withSeed(3).withResamples(500);
    List<BootstrapResult> r = Bootstrap.pairedDifferences(
        List.of(Metric.ROC_AUC, Metric.BRIER_SCORE), one, other, options);

    SplittableRandom root = new SplittableRandom(3);
    // the positive row's position in the resampled order (the candidate's score order)
    int[] order = Bootstrap.resampledRows(one);
    int positive = java.util.stream.IntStream.range(0, 30).filter(i -> order[i] == 4)
        .findFirst().orElseThrow();
    int[] counts = new int[30];
    int missing = 0;
    for (int i = 0; i < 500; i++) {
      Bootstrap.draw(root.split(), counts);
      missing += counts[positive] == 0 ? 1 : 0;
    }
    assertThat(missing).isBetween(130, 230);
    assertThat(r.get(0).skipped()).isEqualTo(missing);
    assertThat(r.get(0).used()).isEqualTo(500 - missing);
    assertThat(r.get(1).skipped()).isZero(); // brier is defined on one class

    BootstrapResult single = Bootstrap.interval(Metric.ROC_AUC, one, options);
    assertThat(single.paired()).isFalse();
    assertThat(single.skipped()).isEqualTo(missing);
    assertThat(single.estimate()).isEqualTo(Metric.ROC_AUC.value(one));
    assertThat(single.lower()).isLessThanOrEqualTo(single.upper());
  }

  @Test
  void aMetricUndefinedOnEveryResampleIsAnError() {
    // one row of each class: a resample has both only when it draws each row once (p = 1/2),
    // so with one resample and the right seed every resample is undefined
    BinaryPredictions tiny = BinaryPredictions.of(new int[] {0, 1}, new double[] {0.2, 0.8});
    long seed = 0;
    int[] counts = new int[2];
    while (true) {
      Bootstrap.draw(new SplittableRandom(seed).split(), counts);
      if (counts[0] == 0 || counts[1] == 0) {
        break;
      }
      seed++;
    }
    BootstrapOptions options = new BootstrapOptions(1, 0.95, seed, 1);
    assertThatThrownBy(() -> Bootstrap.interval(Metric.ROC_AUC, tiny, options))
        .isInstanceOf(MetricException.class)
        .hasMessage("roc_auc is undefined on all 1 bootstrap resamples (e.g. roc_auc needs both "
            + "classes in the labels; the evaluation set has only class %d (n=2)); the "
            + "evaluation set is too small or too unbalanced",
            tiny.labels()[Bootstrap.resampledRows(tiny)[counts[0] > 0 ? 0 : 1]]);
  }

  @Test
  void pairingNeedsTheSameLabelsAndADefinedMetric() {
    int[] flipped = LABELS.clone();
    flipped[17] = 1 - flipped[17];
    BinaryPredictions other = BinaryPredictions.of(flipped, WORSE);
    BootstrapOptions options = BootstrapOptions.withSeed(1);
    assertThatThrownBy(() -> Bootstrap.pairedDifference(Metric.ROC_AUC, candidate, other, options))
        .isInstanceOf(MetricException.class)
        .hasMessage("candidate and baseline disagree on the label of row 17 (%d vs %d)",
            LABELS[17], flipped[17]);
    BinaryPredictions positives = BinaryPredictions.of(new int[] {1, 1}, new double[] {0.1, 0.2});
    assertThatThrownBy(() -> Bootstrap.interval(Metric.ROC_AUC, positives, options))
        .hasMessage("roc_auc needs both classes in the labels; the evaluation set has only "
            + "class 1 (n=2)");
    assertThatThrownBy(() -> new BootstrapOptions(1000, 1.0, 1, 1))
        .hasMessage("bootstrap confidence must be in (0, 1): 1.0");
  }

  @Test
  void drawsAreUniformMultinomialCounts() {
    int n = 1000;
    int[] counts = new int[n];
    long[] hits = new long[n];
    SplittableRandom random = new SplittableRandom(9);
    for (int r = 0; r < 200; r++) {
      Bootstrap.draw(random, counts);
      assertThat(Arrays.stream(counts).sum()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        hits[i] += counts[i];
      }
    }
    // 200 draws per row on average; a Poisson(200) row is outside [120, 290] with p < 1e-8
    assertThat(Arrays.stream(hits).min().getAsLong()).isGreaterThan(120);
    assertThat(Arrays.stream(hits).max().getAsLong()).isLessThan(290);
    // first and second half of the rows get the same share within 1%
    long firstHalf = Arrays.stream(hits, 0, n / 2).sum();
    assertThat(firstHalf / (double) (200L * n)).isBetween(0.49, 0.51);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
