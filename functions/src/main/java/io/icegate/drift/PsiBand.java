package io.icegate.drift;

/** The customary reading of a PSI value: below 0.1 stable, below 0.2 moderate, else significant. */
public enum PsiBand {
  /** PSI < 0.1: no meaningful shift. */
  STABLE,
  /** 0.1 <= PSI < 0.2: a moderate shift worth watching. */
  MODERATE,
  /** PSI >= 0.2: a significant shift. */
  SIGNIFICANT;

  /** Lower bound of {@link #MODERATE}. */
  public static final double MODERATE_FROM = 0.1;

  /** Lower bound of {@link #SIGNIFICANT}. */
  public static final double SIGNIFICANT_FROM = 0.2;

  /** The band of {@code psi}. */
  public static PsiBand of(double psi) {
    if (Double.isNaN(psi)) {
      throw new IllegalArgumentException("PSI is NaN");
    }
    return psi >= SIGNIFICANT_FROM ? SIGNIFICANT : psi >= MODERATE_FROM ? MODERATE : STABLE;
  }
}
