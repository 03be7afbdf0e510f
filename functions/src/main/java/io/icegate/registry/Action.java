package io.icegate.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a registry event did. */
public enum Action {
  REGISTER, PROMOTE, OVERRIDE, ROLLBACK;

  /** The lowercase name stored in the table and used in JSON. */
  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a stored or JSON name. */
  @JsonCreator
  public static Action of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether the action moves an alias. */
  public boolean movesAlias() {
    return this != REGISTER;
  }
}
