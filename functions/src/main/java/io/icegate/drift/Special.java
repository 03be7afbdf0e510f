package io.icegate.drift;

/**
 * The special functions the tests' p-values need: log-gamma, the regularized upper incomplete gamma
 * function, and from it the chi-square and normal tails. Accurate to about 1e-14, far below the
 * 1e-9 at which the tests compare with scipy.
 */
final class Special {

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  private static final double EPSILON = 1e-16;
  private static final int MAX_ITERATIONS = 100_000;

  private Special() {}

  /** log Gamma(x) for x > 0: Stirling's series above 10, shifted there by the recurrence below. */
  static double logGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
    }
    double shift = 0;
    double y = x;
    if (y < 10) {
      double product = 1;
      while (y < 10) {
        product *= y;
        y += 1;
      }
      shift = Math.log(product);
    }
    double r = 1 / y;
    double r2 = r * r;
    // Bernoulli terms B_2k / (2k (2k - 1) y^(2k-1)) up to k = 6: below 1e-17 for y >= 10
    double series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680
        - r2 * (1.0 / 1188 - r2 * (691.0 / 360360))))));
    return (y - 0.5) * Math.log(y) - y + HALF_LOG_TWO_PI + series - shift;
  }

  /** Q(a, x) = Gamma(a, x) / Gamma(a), the regularized upper incomplete gamma function. */
  static double gammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    if (Double.isInfinite(x)) {
      return 0;
    }
    double logPrefactor = a * Math.log(x) - x - logGamma(a);
    if (x < a + 1) {
      // series for P(a, x): sum x^n / (a (a+1) ... (a+n))
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < MAX_ITERATIONS; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPSILON) {
          break;
        }
      }
      return 1 - sum * Math.exp(logPrefactor);
    }
    // continued fraction for Q(a, x), modified Lentz
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      double an = -n * (n - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return Math.exp(logPrefactor) * h;
  }

  /** scipy.stats.chi2.sf(x, df); NaN for df 0, as scipy's chisquare gives with one category. */
  static double chiSquareSf(double x, int df) {
    if (df <= 0) {
      return Double.NaN;
    }
    return gammaQ(df / 2.0, x / 2);
  }

  /** 2 * scipy.stats.norm.sf(|z|): the two-sided normal tail, erfc(|z| / sqrt 2). */
  static double normalTwoSided(double z) {
    return gammaQ(0.5, z * z / 2);
  }
}
