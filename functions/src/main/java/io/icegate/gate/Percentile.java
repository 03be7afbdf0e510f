package io.icegate.gate;

/**
 * numpy's default ("linear") quantile, numpy.quantile(x, q) = numpy.percentile(x, 100 q): the
 * value at virtual index (n - 1) q, interpolated between its neighbours exactly as numpy 1.24's
 * _lerp does (from the upper neighbour when the fraction is >= 0.5).
 */
final class Percentile {

  private Percentile() {}

  /** The q-quantile (q in [0, 1]) of the first {@code n} values of {@code sorted} (ascending). */
  static double linear(double[] sorted, int n, double q) {
    if (n < 1 || !(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("need n >= 1 and q in [0, 1]: n=" + n + ", q=" + q);
    }
    double index = (n - 1) * q;
    if (index >= n - 1) {
      return sorted[n - 1];
    }
    int below = (int) Math.floor(index);
    double gamma = index - below;
    double a = sorted[below];
    double b = sorted[below + 1];
    double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
}
