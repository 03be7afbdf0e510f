package io.icegate.observe;

import org.slf4j.MDC;

/**
 * Correlation ids of the work in progress on this thread, as SLF4J MDC entries every log line
 * carries: {@value #BATCH_ID} for an upload, {@value #REQUEST_ID} for an API call,
 * {@value #MODEL} and {@value #MONITOR} for a drift scan. Closing restores what was there.
 */
public final class Correlation implements AutoCloseable {

  public static final String BATCH_ID = "batch_id";
  public static final String REQUEST_ID = "request_id";
  public static final String MODEL = "model";
  public static final String MONITOR = "monitor";
  public static final String OBJECT_KEY = "object_key";

  private final String key;
  private final String previous;

  private Correlation(String key, String value) {
    this.key = key;
    this.previous = MDC.get(key);
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Sets {@code key} to {@code value} until closed. */
  public static Correlation with(String key, String value) {
    return new Correlation(key, value);
  }

  @Override
  public void close() {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
