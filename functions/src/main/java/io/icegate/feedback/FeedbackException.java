package io.icegate.feedback;

/**
 * A feedback or review-queue request icegate refuses, with a message for the caller. The transport
 * picks the status: a wrong parameter is the caller's mistake (HTTP 400 naming it), anything else
 * is a refusal of a well-formed request (HTTP 422).
 */
public final class FeedbackException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The parameter (query parameter or body field) that is wrong, or null when the request is refused as a whole. */
  private final String parameter;

  private FeedbackException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** A wrong parameter, e.g. {@code threshold} or {@code items}. */
  public static FeedbackException invalid(String parameter, String message) {
    return new FeedbackException(parameter, message);
  }

  /** A well-formed request that cannot be served, e.g. no inference log or no feedback contract. */
  public static FeedbackException unprocessable(String message) {
    return new FeedbackException(null, message);
  }

  /** The wrong parameter, or null. */
  public String parameter() {
    return parameter;
  }
}
