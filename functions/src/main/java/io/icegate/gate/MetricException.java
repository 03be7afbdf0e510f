package io.icegate.gate;

/**
 * Input the gate cannot evaluate: predictions a metric is undefined on (one class only, NaN
 * scores, mismatched lengths, ...) or an invalid threshold rule, with a message meant for the user
 * who supplied it.
 */
public final class MetricException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MetricException(String message) {
    super(message);
  }
}
