package io.icegate.registry;

import java.util.regex.Pattern;

/** Validation of the names and free text a registry request carries. */
public final class Names {
  /** Model and alias names: they appear in tag names, paths and URLs. The API and CLI check this same rule early. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  /** The rule for {@link #NAME} as messages state it, after "model name 'x' ". */
  public static final String NAME_RULE = "must match " + NAME.pattern()
      + " (lowercase letters, digits, '_', '.', '-'; at most 64 characters)";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  /** Longest free text (actor, reason, description, commit, ...) accepted. */
  static final int MAX_TEXT = 4000;

  private Names() {}

  /** Checks a model or alias name; {@code what} is "model" or "alias". */
  static String name(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new RegistryException.Invalid(what + " name is missing");
    }
    if (!NAME.matcher(value).matches()) {
      throw new RegistryException.Invalid(what + " name '" + printable(value) + "' " + NAME_RULE);
    }
    return value;
  }

  /** A lowercase hex sha256; uppercase hex is accepted and lowered. */
  static String sha256(String value) {
    if (value == null || value.isBlank()) {
      throw new RegistryException.Invalid("sha256 of the artifact is missing");
    }
    String lower = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (!SHA256.matcher(lower).matches()) {
      throw new RegistryException.Invalid("sha256 '" + printable(value)
          + "' is not 64 hexadecimal characters");
    }
    return lower;
  }

  /** Required free text, trimmed. */
  static String required(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new RegistryException.Invalid(what + " is missing");
    }
    return optional(what, value);
  }

  /** Optional free text, trimmed; null stays null. */
  static String optional(String what, String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.length() > MAX_TEXT) {
      throw new RegistryException.Invalid(what + " is longer than " + MAX_TEXT + " characters");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\t') {
        throw new RegistryException.Invalid(what + " contains control character U+"
            + String.format("%04X", (int) c));
      }
    }
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** A value shortened and stripped of control characters, safe to echo in a message. */
  static String printable(String value) {
    String s = value.length() > 100 ? value.substring(0, 100) + "..." : value;
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
