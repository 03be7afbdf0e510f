package io.icegate.monitor;

import java.util.Locale;

/** How a drift scan reads its data. */
public enum ScanMode {
  /** Profile mode when the stored profiles can answer exactly enough, else exact mode. */
  AUTO,
  /** Merges the per-batch DataSketches profiles written at ingest: cost grows with batches. */
  PROFILE,
  /** Reads the raw rows with DuckDB. */
  EXACT;

  /** The lower-case name used in policies, results and the CLI. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code id} (case-insensitive). */
  public static ScanMode of(String id) {
    for (ScanMode m : values()) {
      if (m.id().equalsIgnoreCase(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown scan mode '" + id + "'; expected auto, profile or exact");
  }
}
