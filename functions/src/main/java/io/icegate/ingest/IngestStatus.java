package io.icegate.ingest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one upload ended. */
public enum IngestStatus {
  /** Rows were committed as one snapshot (rejected rows, if any, went to quarantine). */
  COMMITTED,
  /** Nothing was committed; the upload and a report are in quarantine. */
  QUARANTINED,
  /** The same content was committed before; nothing was written. */
  DUPLICATE,
  /** The event could not be processed (unsafe key, object gone, storage error); it may be retried. */
  FAILED;

  /** Whether a caller should treat the upload as handled (exit code 0, no retry). */
  public boolean ok() {
    return this == COMMITTED || this == DUPLICATE;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
