package io.icegate.gate;

import java.util.Locale;

/**
 * Regression output.
 *
 * @param actual true values, finite
 * @param predicted predicted values, finite
 */
public record RegressionPredictions(double[] actual, double[] predicted) implements Predictions {

  public RegressionPredictions {
    Checks.sameLength("actual values", actual.length, "predicted values", predicted.length);
    Checks.finite("actual values", actual);
    Checks.finite("predicted values", predicted);
  }

  @Override
  public Task task() {
    return Task.REGRESSION;
  }

  @Override
  public int rows() {
    return actual.length;
  }

  @Override
  public void requireSameLabels(Predictions other) {
    if (!(other instanceof RegressionPredictions r)) {
      throw new MetricException(
          "cannot pair regression predictions with " + other.task() + " ones");
    }
    Checks.sameLength("the candidate", rows(), "the baseline", r.rows());
    for (int i = 0; i < actual.length; i++) {
      // bit equality: the same evaluation rows carry the very same values
      if (Double.doubleToLongBits(actual[i]) != Double.doubleToLongBits(r.actual[i])) {
        throw new MetricException(String.format(Locale.ROOT,
            "candidate and baseline disagree on the actual value of row %d (%s vs %s)",
            i, actual[i], r.actual[i]));
      }
    }
  }
}
