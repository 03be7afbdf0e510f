package io.icegate.contract;

import java.util.Locale;
import java.util.Optional;

/** ODCS v3 logical types icegate can store; {@code object} and {@code array} are refused for now. */
public enum LogicalType {
  STRING,
  INTEGER,
  NUMBER,
  BOOLEAN,
  DATE,
  TIMESTAMP,
  TIME;

  /** The ODCS spelling, e.g. {@code timestamp}. */
  public String odcsName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an ODCS spelling; empty for unknown or unsupported ones. */
  public static Optional<LogicalType> fromOdcs(String s) {
    for (LogicalType t : values()) {
      if (t.odcsName().equals(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
