package io.icegate.shadow;

import java.util.Locale;

/** How a variant was compared with its baseline. */
public enum ComparisonMode {
  /** Request ids overlap (a shadow): requests are paired, so agreement is measured too. */
  PAIRED,
  /** No request id is shared (a canary): only score distributions and metrics are compared. */
  DISTRIBUTION;

  /** The lower-case name used in JSON and in the system table. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #json()}. */
  public static ComparisonMode fromJson(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
