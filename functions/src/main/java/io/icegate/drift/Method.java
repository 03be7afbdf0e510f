package io.icegate.drift;

import java.util.Locale;

/**
 * The drift tests, named and defaulted as Evidently's stattests are: p-value tests drift below
 * their threshold, distances at or above it.
 */
public enum Method {
  /** Two-sample Kolmogorov-Smirnov p-value (scipy ks_2samp, 'auto'); drift when p <= 0.05. */
  KS("ks", 0.05, true),
  /** Chi-square goodness-of-fit p-value of current counts vs reference shares; p < 0.05. */
  CHISQUARE("chisquare", 0.05, true),
  /** Two-proportion Z-test p-value on the first category vs the rest; p < 0.05. */
  Z("z", 0.05, true),
  /** Wasserstein distance divided by the reference standard deviation; drift at >= 0.1. */
  WASSERSTEIN("wasserstein", 0.1, false),
  /** Jensen-Shannon distance (natural log) on Evidently's bins; drift at >= 0.1. */
  JENSENSHANNON("jensenshannon", 0.1, false),
  /** Population stability index on Evidently's bins, empty bins floored; drift at >= 0.1. */
  PSI("psi", 0.1, false);

  private final String id;
  private final double defaultThreshold;
  private final boolean pValue;

  Method(String id, double defaultThreshold, boolean pValue) {
    this.id = id;
    this.defaultThreshold = defaultThreshold;
    this.pValue = pValue;
  }

  /** Evidently's stattest name, as policies spell it. */
  public String id() {
    return id;
  }

  /** Evidently's default threshold for this test. */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /** Whether the score is a p-value (small means drift) rather than a distance. */
  public boolean pValue() {
    return pValue;
  }

  /** Whether {@code score} means drift at {@code threshold}; a NaN score never does. */
  public boolean drifted(double score, double threshold) {
    return switch (this) {
      case KS -> score <= threshold; // Evidently's ks stattest uses <=, chi-square and z use <
      case CHISQUARE, Z -> score < threshold;
      default -> score >= threshold;
    };
  }

  /** The method named {@code id} (Evidently's names, any case). */
  public static Method of(String id) {
    for (Method m : values()) {
      if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown drift method '" + id
        + "'; known: ks, chisquare, z, wasserstein, jensenshannon, psi");
  }
}
