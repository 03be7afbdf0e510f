package io.icegate.monitor;

/** A drift scan icegate refuses, with a message for the caller. */
public final class MonitorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why, so each transport picks its own status (HTTP: 422, 404). */
  public enum Reason { INVALID, NOT_FOUND }

  private final Reason reason;

  public MonitorException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A monitor whose data cannot be compared as configured. */
  public static MonitorException invalid(String message) {
    return new MonitorException(Reason.INVALID, message);
  }

  /** A model, monitor, alias, dataset or snapshot that does not exist. */
  public static MonitorException notFound(String message) {
    return new MonitorException(Reason.NOT_FOUND, message);
  }

  public Reason reason() {
    return reason;
  }
}
