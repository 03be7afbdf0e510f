package io.icegate.registry;

/**
 * A compare-and-swap on an alias lost: the alias does not point where the caller expected,
 * usually because another writer moved it first. Carries the current state for the 409 body.
 */
public final class AliasConflictException extends RegistryException {
  private final Expected expected;
  private final AliasState current;

  AliasConflictException(String model, String alias, Expected expected, AliasState current) {
    super("alias '" + alias + "' of model '" + model + "' "
        + (current.version() == null ? "is not set" : "points at version " + current.version()
            + " (" + current.lastAction().json() + " by " + current.movedBy() + " at " + current.movedAt() + ")")
        + ", not the expected " + expected);
    this.expected = expected;
    this.current = current;
  }

  /** What the caller expected. */
  public Expected expected() {
    return expected;
  }

  /** Where the alias points now. */
  public AliasState current() {
    return current;
  }
}
