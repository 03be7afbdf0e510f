package io.icegate.gate;

/** A gate or promotion request icegate refuses, with a message for the caller. */
public final class GateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Why, so each transport picks its own status (HTTP: 422, 404, 422, 403). UNMET: a promotion
   * lacks the evidence its policy asks for.
   */
  public enum Reason { INVALID, NOT_FOUND, UNMET, FORBIDDEN }

  private final Reason reason;

  public GateException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A request whose inputs cannot be evaluated. */
  public static GateException invalid(String message) {
    return new GateException(Reason.INVALID, message);
  }

  /** A model, version, dataset, snapshot or object that does not exist. */
  public static GateException notFound(String message) {
    return new GateException(Reason.NOT_FOUND, message);
  }

  public Reason reason() {
    return reason;
  }
}
