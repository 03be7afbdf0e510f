package io.icegate.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The gate's metrics, each with scikit-learn 1.2's definition, its snake_case name, its task and
 * whether greater is better. Weights are per-row repeat counts: {@code value(p, w)} equals the
 * sklearn metric on the dataset in which row i appears w[i] times (null = once each), which is how
 * a bootstrap resample is expressed.
 */
public enum Metric {
  /** Area under the ROC curve; tied scores form one point, as sklearn.metrics.roc_auc_score. */
  ROC_AUC(Task.BINARY, "roc_auc", true),
  /** sklearn's step-wise (not interpolated) average precision, the PR AUC. */
  AVERAGE_PRECISION(Task.BINARY, "average_precision", true),
  /** Cross-entropy with sklearn 1.2's eps="auto" clipping (2^-52); scores must be in [0, 1]. */
  LOG_LOSS(Task.BINARY, "log_loss", false),
  /** Mean squared difference of the probability of class 1 and the label; scores in [0, 1]. */
  BRIER_SCORE(Task.BINARY, "brier_score", false),
  /** Share of rows whose hard prediction equals the label. */
  ACCURACY(Task.BINARY, "accuracy", true),
  /** Precision of class 1; 0.0 when nothing is predicted positive. */
  PRECISION(Task.BINARY, "precision", true),
  /** Recall of class 1; 0.0 when no label is positive. */
  RECALL(Task.BINARY, "recall", true),
  /** F1 of class 1; 0.0 when precision and recall are both 0. */
  F1(Task.BINARY, "f1", true),
  /** Share of rows whose predicted class equals the label. */
  MULTICLASS_ACCURACY(Task.MULTICLASS, "accuracy", true),
  /** Unweighted mean of per-class F1 over the classes present in labels or predictions. */
  F1_MACRO(Task.MULTICLASS, "f1_macro", true),
  /** Per-class F1 weighted by class support. */
  F1_WEIGHTED(Task.MULTICLASS, "f1_weighted", true),
  /** Cross-entropy over the class probabilities, renormalised per row as sklearn 1.2. */
  MULTICLASS_LOG_LOSS(Task.MULTICLASS, "log_loss", false),
  /** Root mean squared error. */
  RMSE(Task.REGRESSION, "rmse", false),
  /** Mean absolute error. */
  MAE(Task.REGRESSION, "mae", false),
  /** Mean of |y - yhat| / max(|y|, 2^-52): a fraction, not multiplied by 100. */
  MAPE(Task.REGRESSION, "mape", false),
  /** Coefficient of determination; a constant target gives 1.0 (perfect) or 0.0. */
  R2(Task.REGRESSION, "r2", true);

  private final Task task;
  private final String metricName;
  private final boolean greaterIsBetter;

  Metric(Task task, String metricName, boolean greaterIsBetter) {
    this.task = task;
    this.metricName = metricName;
    this.greaterIsBetter = greaterIsBetter;
  }

  /** The snake_case name used in policies and reports, e.g. "roc_auc"; unique within a task. */
  public String metricName() {
    return metricName;
  }

  /** The task whose predictions this metric takes. */
  public Task task() {
    return task;
  }

  /** Whether a greater value means a better model. */
  public boolean greaterIsBetter() {
    return greaterIsBetter;
  }

  /** The metric called {@code name} for {@code task}, or an exception listing the valid names. */
  public static Metric of(Task task, String name) {
    for (Metric m : values()) {
      if (m.task == task && m.metricName.equals(name)) {
        return m;
      }
    }
    throw new MetricException(String.format(Locale.ROOT, "unknown %s metric '%s'; known: %s",
        task.name().toLowerCase(Locale.ROOT), name,
        String.join(", ", forTask(task).stream().map(Metric::metricName).toList())));
  }

  /** The metrics of one task, in declaration order. */
  public static List<Metric> forTask(Task task) {
    return Arrays.stream(values()).filter(m -> m.task == task).toList();
  }

  /** The metric on all rows. */
  public double value(Predictions predictions) {
    return value(predictions, null);
  }

  /**
   * The metric with row {@code i} counted {@code weights[i]} times (null = all ones).
   *
   * @throws MetricException if the input is unusable or the metric undefined on it
   */
  public double value(Predictions predictions, int[] weights) {
    Checks.weights(weights, predictions.rows());
    return prepare(predictions).value(Checks.onesIfNull(weights, predictions.rows()));
  }

  @Override
  public String toString() {
    return metricName;
  }

  /** Binds the metric to predictions: validates them and does the per-model work once. */
  Prepared prepare(Predictions predictions) {
    if (predictions.task() != task) {
      throw new MetricException(String.format(Locale.ROOT, "%s is a %s metric; the predictions "
          + "are %s", metricName, task.name().toLowerCase(Locale.ROOT),
          predictions.task().name().toLowerCase(Locale.ROOT)));
    }
    return switch (this) {
      case ROC_AUC, AVERAGE_PRECISION -> new RankCurve(this, (BinaryPredictions) predictions);
      case LOG_LOSS -> mean(WeightedMean.binaryLogLoss((BinaryPredictions) predictions));
      case BRIER_SCORE -> mean(WeightedMean.brier((BinaryPredictions) predictions));
      case ACCURACY -> mean(WeightedMean.binaryAccuracy((BinaryPredictions) predictions));
      case PRECISION, RECALL, F1 -> new BinaryConfusion(this, (BinaryPredictions) predictions);
      case MULTICLASS_ACCURACY ->
          mean(WeightedMean.multiclassAccuracy((MulticlassPredictions) predictions));
      case F1_MACRO, F1_WEIGHTED -> new ClassF1(this, (MulticlassPredictions) predictions);
      case MULTICLASS_LOG_LOSS ->
          mean(WeightedMean.multiclassLogLoss((MulticlassPredictions) predictions));
      case RMSE -> new WeightedMean(this,
          WeightedMean.squaredError((RegressionPredictions) predictions), true);
      case MAE -> mean(WeightedMean.absoluteError((RegressionPredictions) predictions));
      case MAPE -> mean(WeightedMean.absolutePercentageError((RegressionPredictions) predictions));
      case R2 -> new RSquared((RegressionPredictions) predictions);
    };
  }

  private Prepared mean(double[] terms) {
    return new WeightedMean(this, terms, false);
  }
}
