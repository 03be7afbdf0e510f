package io.icegate.aws;

/**
 * A handler was invoked with an event it does not take (an API Gateway payload sent to the ingest
 * function, a body that is not JSON...). Thrown, never bound: Lambda records the error and, for
 * asynchronous invocations, retries and then dead-letters the event where an operator sees it.
 */
public final class RefusedEventException extends IllegalArgumentException {

  public RefusedEventException(String message) {
    super(message);
  }
}
