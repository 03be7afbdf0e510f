package io.icegate.notify;

import java.util.Locale;

/** How urgent an alert is; receivers route on it (e.g. only {@code critical} pages at night). */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  /** The lower-case name used in messages and tables. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
