package io.icegate.registry;

/**
 * A registry request that cannot be carried out, with a message meant for the caller. Subtypes
 * say which HTTP status fits: {@link Invalid} (400/422), {@link NotFound} (404) and
 * {@link AliasConflictException} (409).
 */
public class RegistryException extends RuntimeException {

  RegistryException(String message) {
    super(message);
  }

  /** The request is malformed or names something it may not: it fails the same way every time. */
  public static class Invalid extends RegistryException {
    public Invalid(String message) {
      super(message);
    }
  }

  /** The request names a model, version, alias, dataset or snapshot that does not exist. */
  public static class NotFound extends RegistryException {
    public NotFound(String message) {
      super(message);
    }
  }
}
