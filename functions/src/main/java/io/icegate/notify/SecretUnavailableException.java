package io.icegate.notify;

/** A referenced secret is not set or not readable; the message names the reference, not a value. */
public final class SecretUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SecretUnavailableException(String message) {
    super(message);
  }
}
