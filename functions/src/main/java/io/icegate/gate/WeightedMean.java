package io.icegate.gate;

/**
 * Metrics that are a weighted mean of a per-row term (sklearn's np.average(term, weights=w)):
 * log_loss, brier_score, accuracy, mae, mape; rmse is the square root of the mean squared error.
 * The terms are computed once, so a resample is one dot product.
 */
final class WeightedMean extends Prepared {

  /** numpy's float64 machine epsilon, 2^-52: sklearn 1.2's log_loss eps="auto" and mape eps. */
  static final double EPS = Math.ulp(1.0);

  private final double[] terms;
  private final boolean sqrt;

  WeightedMean(Metric metric, double[] terms, boolean sqrt) {
    super(metric, terms.length);
    this.terms = terms;
    this.sqrt = sqrt;
  }

  @Override
  double compute(int[] w) {
    // four accumulators: independent add chains run in parallel (and round a little less)
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    long total = 0;
    int n = terms.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += w[i] * terms[i];
      s1 += w[i + 1] * terms[i + 1];
      s2 += w[i + 2] * terms[i + 2];
      s3 += w[i + 3] * terms[i + 3];
      total += (long) w[i] + w[i + 1] + w[i + 2] + w[i + 3];
    }
    for (; i < n; i++) {
      s0 += w[i] * terms[i];
      total += w[i];
    }
    if (total == 0) {
      return Double.NaN;
    }
    double mean = ((s0 + s1) + (s2 + s3)) / total;
    return sqrt ? Math.sqrt(mean) : mean;
  }

  @Override
  String undefined(int[] w) {
    return noRows();
  }

  /**
   * Binary log loss as sklearn 1.2.1 computes it: p clipped to [eps, 1 - eps] with eps = 2^-52
   * (eps="auto" for float64), the row [1 - p, p] renormalised by its sum, loss = -ln of the true
   * class's share. Clipping keeps the loss finite (at most about 36.04) for scores of 0 or 1.
   */
  static double[] binaryLogLoss(BinaryPredictions p) {
    Checks.probabilities("log_loss", "scores", p.scores());
    double[] s = p.scores();
    int[] y = p.labels();
    double[] t = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      double p1 = Math.min(Math.max(s[i], EPS), 1 - EPS);
      double p0 = 1 - p1;
      double sum = p0 + p1;
      t[i] = -Math.log((y[i] == 1 ? p1 : p0) / sum);
    }
    return t;
  }

  /**
   * Multiclass log loss as sklearn 1.2.1 with labels = the class list: each probability clipped
   * to [eps, 1 - eps], each row divided by its clipped sum (no error or warning when rows do not
   * sum to 1; later sklearn versions warn), loss = -ln of the true class's share.
   */
  static double[] multiclassLogLoss(MulticlassPredictions p) {
    double[] prob = p.probabilities();
    if (prob == null) {
      throw new MetricException(
          "log_loss needs class probabilities; the multiclass predictions have none");
    }
    int k = p.classCount();
    if (k < 2) {
      throw new MetricException(
          "log_loss needs at least two classes; the predictions have only " + p.classes());
    }
    int[] y = p.labels();
    double[] t = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.min(Math.max(prob[i * k + j], EPS), 1 - EPS);
      }
      double own = Math.min(Math.max(prob[i * k + y[i]], EPS), 1 - EPS);
      t[i] = -Math.log(own / sum);
    }
    return t;
  }

  static double[] brier(BinaryPredictions p) {
    Checks.probabilities("brier_score", "scores", p.scores());
    double[] s = p.scores();
    int[] y = p.labels();
    double[] t = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      double d = y[i] - s[i];
      t[i] = d * d;
    }
    return t;
  }

  static double[] binaryAccuracy(BinaryPredictions p) {
    double[] s = p.scores();
    int[] y = p.labels();
    double[] t = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      t[i] = (s[i] >= p.threshold() ? 1 : 0) == y[i] ? 1.0 : 0.0;
    }
    return t;
  }

  static double[] multiclassAccuracy(MulticlassPredictions p) {
    int[] y = p.labels();
    int[] yHat = p.predicted();
    double[] t = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      t[i] = y[i] == yHat[i] ? 1.0 : 0.0;
    }
    return t;
  }

  static double[] squaredError(RegressionPredictions p) {
    double[] y = p.actual();
    double[] yHat = p.predicted();
    double[] t = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double d = y[i] - yHat[i];
      t[i] = d * d;
    }
    return t;
  }

  static double[] absoluteError(RegressionPredictions p) {
    double[] y = p.actual();
    double[] yHat = p.predicted();
    double[] t = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      t[i] = Math.abs(y[i] - yHat[i]);
    }
    return t;
  }

  /** sklearn's |y_pred - y_true| / max(|y_true|, eps): a fraction, not a percentage. */
  static double[] absolutePercentageError(RegressionPredictions p) {
    double[] y = p.actual();
    double[] yHat = p.predicted();
    double[] t = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      t[i] = Math.abs(yHat[i] - y[i]) / Math.max(Math.abs(y[i]), EPS);
    }
    return t;
  }
}
