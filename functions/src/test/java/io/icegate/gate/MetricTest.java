package io.icegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Metric identities, weights as repeat counts, and the messages users get for unusable input. */
class MetricTest {

  @Test
  void metricsKnowNameTaskAndDirection() {
    assertThat(Metric.of(Task.BINARY, "roc_auc")).isEqualTo(Metric.ROC_AUC);
    assertThat(Metric.of(Task.MULTICLASS, "log_loss")).isEqualTo(Metric.MULTICLASS_LOG_LOSS);
    assertThat(Metric.of(Task.BINARY, "log_loss")).isEqualTo(Metric.LOG_LOSS);
    assertThat(Metric.MULTICLASS_ACCURACY.metricName()).isEqualTo("accuracy");
    assertThat(Metric.R2.task()).isEqualTo(Task.REGRESSION);
    assertThat(Metric.forTask(Task.BINARY).stream().map(Metric::metricName)).containsExactly(
        "roc_auc", "average_precision", "log_loss", "brier_score", "accuracy", "precision",
        "recall", "f1");
    assertThat(Metric.forTask(Task.MULTICLASS).stream().map(Metric::metricName))
        .containsExactly("accuracy", "f1_macro", "f1_weighted", "log_loss");
    assertThat(Metric.forTask(Task.REGRESSION).stream().map(Metric::metricName))
        .containsExactly("rmse", "mae", "mape", "r2");
    assertThat(Arrays.stream(Metric.values()).filter(m -> !m.greaterIsBetter()))
        .containsExactlyInAnyOrder(Metric.LOG_LOSS, Metric.BRIER_SCORE,
            Metric.MULTICLASS_LOG_LOSS, Metric.RMSE, Metric.MAE, Metric.MAPE);
    assertThatThrownBy(() -> Metric.of(Task.REGRESSION, "roc_auc"))
        .isInstanceOf(MetricException.class)
        .hasMessage("unknown regression metric 'roc_auc'; known: rmse, mae, mape, r2");
  }

  @Test
  void weightsCountRowsRepeatedlyForEveryMetric() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 200;
    int[] labels = new int[n];
    double[] scores = new double[n];
    double[] actual = new double[n];
    double[] predicted = new double[n];
    int[] classes = new int[n];
    int[] predictedClasses = new int[n];
    double[] probabilities = new double[n * 3];
    int[] weights = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(2);
      scores[i] = Math.round((0.3 * labels[i] + 0.7 * random.nextDouble()) * 20) / 20.0;
      actual[i] = random.nextDouble() * 10 - 2;
      predicted[i] = actual[i] + random.nextDouble() - 0.5;
      classes[i] = random.nextInt(3);
      predictedClasses[i] = random.nextInt(4) == 0 ? random.nextInt(3) : classes[i];
      for (int j = 0; j < 3; j++) {
        probabilities[i * 3 + j] = j == predictedClasses[i] ? 0.6 : 0.2;
      }
      weights[i] = random.nextInt(4);
    }
    int[] rows = expand(weights);
    List<String> names = List.of("a", "b", "c");
    Predictions[] weighted = {
        BinaryPredictions.of(labels, scores),
        new MulticlassPredictions(names, classes, predictedClasses, probabilities),
        new RegressionPredictions(actual, predicted)};
    Predictions[] repeated = {
        BinaryPredictions.of(pick(labels, rows), pick(scores, rows)),
        new MulticlassPredictions(names, pick(classes, rows), pick(predictedClasses, rows),
            pickRows(probabilities, 3, rows)),
        new RegressionPredictions(pick(actual, rows), pick(predicted, rows))};
    for (Metric m : Metric.values()) {
      int t = m.task().ordinal();
      SklearnReferenceTest.assertClose(m.value(weighted[t], weights), m.value(repeated[t]),
          m.metricName());
    }
  }

  @Test
  void heavyWeightsAreCountedExactly() {
    // rows: TP, FP, FN, TN, TP; weights beyond a 16-bit lane and beyond int sums
    BinaryPredictions p = BinaryPredictions.of(new int[] {1, 0, 1, 0, 1},
        new double[] {0.9, 0.8, 0.1, 0.2, 0.7});
    int[] w = {70_000, 65_535, 3, Integer.MAX_VALUE, Integer.MAX_VALUE};
    long tp = 70_000L + Integer.MAX_VALUE;
    assertThat(Metric.PRECISION.value(p, w)).isEqualTo((double) tp / (tp + 65_535));
    assertThat(Metric.RECALL.value(p, w)).isEqualTo((double) tp / (tp + 3));
    assertThat(Metric.ACCURACY.value(p, w))
        .isEqualTo((tp + Integer.MAX_VALUE) / (double) (tp + 65_535 + 3 + Integer.MAX_VALUE));
    // positive 0.9 outranks both negatives, 0.7 the one at 0.2, 0.1 none; beyond 2^53 the
    // sums round, so relative agreement
    double max = Integer.MAX_VALUE;
    double auc = (70_000 * (65_535 + max) + max * max) / ((70_003 + max) * (65_535 + max));
    SklearnReferenceTest.assertClose(Metric.ROC_AUC.value(p, w), auc, "roc_auc");
  }

  @Test
  void rocAucOfOneClassSaysWhichClassAndHowManyRows() {
    int[] labels = new int[500];
    Arrays.fill(labels, 1);
    double[] scores = new double[500];
    Arrays.fill(scores, 0.7);
    BinaryPredictions p = BinaryPredictions.of(labels, scores);
    assertThatThrownBy(() -> Metric.ROC_AUC.value(p))
        .isInstanceOf(MetricException.class)
        .hasMessage("roc_auc needs both classes in the labels; the evaluation set has only "
            + "class 1 (n=500)");
    BinaryPredictions negatives = BinaryPredictions.of(new int[3], new double[] {0.1, 0.2, 0.3});
    assertThatThrownBy(() -> Metric.AVERAGE_PRECISION.value(negatives))
        .hasMessage("average_precision needs at least one positive label (class 1); the "
            + "evaluation set has only class 0 (n=3)");
    assertThatThrownBy(() -> Metric.ROC_AUC.value(negatives, new int[3]))
        .hasMessage("roc_auc needs at least one row with a positive weight; all 3 weights are "
            + "zero");
    // metrics defined on one class stay defined
    assertThat(Metric.LOG_LOSS.value(p)).isCloseTo(-Math.log(0.7), org.assertj.core.data.Offset
        .offset(1e-15));
    assertThat(Metric.AVERAGE_PRECISION.value(p)).isEqualTo(1.0);
  }

  @Test
  void nonFiniteScoresAreCountedWithTheFirstRow() {
    double[] scores = {0.1, 0.2, Double.NaN, 0.4, Double.POSITIVE_INFINITY, Double.NaN};
    assertThatThrownBy(() -> BinaryPredictions.of(new int[] {0, 1, 0, 1, 0, 1}, scores))
        .isInstanceOf(MetricException.class)
        .hasMessage("scores contain 3 NaN or infinite values of 6 (first at row 2: NaN)");
    assertThatThrownBy(() -> new RegressionPredictions(new double[] {1, 2},
        new double[] {1, Double.NEGATIVE_INFINITY}))
        .hasMessage("predicted values contain 1 NaN or infinite value of 2 (first at row 1: "
            + "-Infinity)");
  }

  @Test
  void probabilityMetricsRefuseScoresOutsideTheUnitInterval() {
    BinaryPredictions p = BinaryPredictions.of(new int[] {0, 1, 1, 0},
        new double[] {0.2, 1.2, 0.9, -0.1});
    assertThatThrownBy(() -> Metric.LOG_LOSS.value(p))
        .isInstanceOf(MetricException.class)
        .hasMessage("log_loss needs probabilities in [0, 1]; 2 of the 4 scores are outside "
            + "(first at row 1: 1.2)");
    assertThatThrownBy(() -> Metric.BRIER_SCORE.value(p)).hasMessageStartingWith("brier_score");
    // ranking and threshold metrics take any real score
    assertThat(Metric.ROC_AUC.value(p)).isEqualTo(1.0);
    assertThat(Metric.F1.value(p)).isEqualTo(1.0);
    assertThatThrownBy(() -> new MulticlassPredictions(List.of("a", "b"), new int[] {0, 1},
        new int[] {0, 0}, new double[] {0.5, 0.5, 1.5, -0.5}))
        .hasMessage("class probabilities must be finite and in [0, 1]; 2 are not (first at "
            + "row 1, class 'a': 1.5)");
  }

  @Test
  void shapesAndLabelsAreChecked() {
    assertThatThrownBy(() -> BinaryPredictions.of(new int[] {0, 1}, new double[] {0.5}))
        .isInstanceOf(MetricException.class)
        .hasMessage("labels has 2 rows but scores has 1");
    assertThatThrownBy(() -> BinaryPredictions.of(new int[] {0, 2}, new double[] {0.5, 0.5}))
        .hasMessage("binary labels must be 0 or 1; row 1 has 2");
    BinaryPredictions p = BinaryPredictions.of(new int[] {0, 1}, new double[] {0.5, 0.6});
    assertThatThrownBy(() -> Metric.ROC_AUC.value(p, new int[] {1}))
        .hasMessage("weights has 1 rows but the evaluation set has 2");
    assertThatThrownBy(() -> Metric.ROC_AUC.value(p, new int[] {1, -1}))
        .hasMessage("weights must be >= 0 (repeat counts); row 1 has -1");
    assertThatThrownBy(() -> Metric.RMSE.value(p))
        .hasMessage("rmse is a regression metric; the predictions are binary");
    assertThatThrownBy(() -> MulticlassPredictions.of(List.of("cat", "dog"),
        new String[] {"cat", "emu"}, new String[] {"cat", "dog"}, null))
        .hasMessage("label 'emu' at row 1 is not one of the 2 classes [cat, dog]");
    MulticlassPredictions noProbabilities = MulticlassPredictions.of(List.of("cat", "dog"),
        new String[] {"cat", "dog"}, new String[] {"cat", "cat"}, null);
    assertThatThrownBy(() -> Metric.MULTICLASS_LOG_LOSS.value(noProbabilities))
        .hasMessage("log_loss needs class probabilities; the multiclass predictions have none");
    assertThat(Metric.F1_MACRO.value(noProbabilities)).isCloseTo(1 / 3.0,
        org.assertj.core.data.Offset.offset(1e-15));
    assertThatThrownBy(() -> Metric.R2.value(
        new RegressionPredictions(new double[] {1}, new double[] {1})))
        .hasMessage("r2 needs at least two rows; the evaluation set has 1");
    assertThatThrownBy(() -> Metric.MAE.value(
        new RegressionPredictions(new double[0], new double[0])))
        .hasMessage("mae needs at least one row; the evaluation set is empty");
  }

  @Test
  void scoreOrderIsDescendingAndStableOverSignsAndZeros() {
    double[] s = {0.5, -0.0, 3.0, -2.5, 0.0, 0.5, Double.MIN_VALUE, -Double.MAX_VALUE, 1e300};
    int[] order = ScoreOrder.descending(s);
    assertThat(order).containsExactly(8, 2, 0, 5, 6, 1, 4, 3, 7);
  }

  private static int[] expand(int[] weights) {
    return java.util.stream.IntStream.range(0, weights.length)
        .flatMap(i -> java.util.stream.IntStream.range(0, weights[i]).map(k -> i)).toArray();
  }

  private static int[] pick(int[] xs, int[] rows) {
    return Arrays.stream(rows).map(r -> xs[r]).toArray();
  }

  private static double[] pick(double[] xs, int[] rows) {
    return Arrays.stream(rows).mapToDouble(r -> xs[r]).toArray();
  }

  private static double[] pickRows(double[] matrix, int k, int[] rows) {
    double[] out = new double[rows.length * k];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(matrix, rows[i] * k, out, i * k, k);
    }
    return out;
  }
}
