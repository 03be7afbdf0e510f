package io.icegate.registry;

/** What a caller expects an alias to point at before moving it: the compare in compare-and-swap. */
public sealed interface Expected {

  /** No expectation: move whatever the alias points at now. */
  record Anything() implements Expected {
    @Override
    public boolean matches(Integer current) {
      return true;
    }

    @Override
    public String toString() {
      return "anything";
    }
  }

  /** The alias must not be set yet. */
  record Unset() implements Expected {
    @Override
    public boolean matches(Integer current) {
      return current == null;
    }

    @Override
    public String toString() {
      return "unset";
    }
  }

  /** The alias must point at this version. */
  record Version(int version) implements Expected {
    @Override
    public boolean matches(Integer current) {
      return current != null && current == version;
    }

    @Override
    public String toString() {
      return "version " + version;
    }
  }

  /** Whether an alias pointing at {@code current} (null: unset) meets the expectation. */
  boolean matches(Integer current);

  /** Whether a check is asked for at all. */
  default boolean checked() {
    return !(this instanceof Anything);
  }

  /** No check. */
  static Expected anything() {
    return new Anything();
  }

  /** Expect the alias to be unset. */
  static Expected unset() {
    return new Unset();
  }

  /** Expect the alias to point at {@code version}. */
  static Expected version(int version) {
    return new Version(version);
  }

  /**
   * Parses the text form callers send: absent or empty for no check, {@code unset} (or
   * {@code none}) for an alias that must not be set yet, or a version number.
   */
  static Expected parse(String text) {
    if (text == null || text.isBlank()) {
      return anything();
    }
    String t = text.strip();
    if (t.equalsIgnoreCase("unset") || t.equalsIgnoreCase("none")) {
      return unset();
    }
    try {
      int version = Integer.parseInt(t);
      if (version >= 1) {
        return version(version);
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new RegistryException.Invalid("expected current target '" + Names.printable(t)
        + "' must be a version number (1, 2, ...) or 'unset'");
  }
}
