package io.icegate.gate;

/**
 * Multiclass f1_macro and f1_weighted as sklearn 1.2.1 (per-class f1 with zero division giving
 * 0.0, then the plain or support-weighted mean). The classes averaged are those present among
 * rows with a positive weight in the labels or the predictions, which is sklearn's label set on
 * the dataset with each row repeated by its weight.
 */
final class ClassF1 extends Prepared {

  private final int[] labels;
  private final int[] predicted;
  private final int classes;

  ClassF1(Metric metric, MulticlassPredictions p) {
    super(metric, p.rows());
    labels = p.labels();
    predicted = p.predicted();
    classes = p.classCount();
  }

  @Override
  double compute(int[] w) {
    long[] truePositives = new long[classes];
    long[] predictedCount = new long[classes];
    long[] support = new long[classes];
    for (int i = 0; i < labels.length; i++) {
      long c = w[i];
      int y = labels[i];
      int yHat = predicted[i];
      support[y] += c;
      predictedCount[yHat] += c;
      truePositives[y] += y == yHat ? c : 0;
    }
    double sum = 0;
    long totalSupport = 0;
    int present = 0;
    for (int j = 0; j < classes; j++) {
      if (support[j] == 0 && predictedCount[j] == 0) {
        continue; // absent from the (resampled) rows: sklearn would not see this label
      }
      present++;
      double f1 = BinaryConfusion.f1(
          BinaryConfusion.ratio(truePositives[j], predictedCount[j]),
          BinaryConfusion.ratio(truePositives[j], support[j]));
      if (metric == Metric.F1_MACRO) {
        sum += f1;
      } else {
        sum += f1 * support[j];
        totalSupport += support[j];
      }
    }
    if (present == 0) {
      return Double.NaN;
    }
    return metric == Metric.F1_MACRO ? sum / present : sum / totalSupport;
  }

  @Override
  String undefined(int[] w) {
    return noRows();
  }
}
