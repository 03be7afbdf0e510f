package io.icegate.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a token may do; every API route requires one scope. */
public enum Scope {
  /** Read models, versions, aliases, decisions, lineage, events and the OpenAPI document. */
  READ,
  /** Register model versions. */
  REGISTER,
  /** Ask for gate decisions and shadow comparisons. */
  GATE,
  /** Move and roll back aliases. */
  PROMOTE,
  /** Promote without a passing gate (with a reason, recorded as an override). */
  OVERRIDE,
  /** Send labels and review outcomes. */
  FEEDBACK,
  /** Run drift scans now (they record results and may alert owners and trigger a retrain). */
  SCAN;

  /** The scope's name in tokens.yaml, the API and the CLI, e.g. {@code read}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope named {@code id} (exactly, lower case), or empty. */
  public static Optional<Scope> parse(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
  }

  /** All scope names, comma separated, for messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Scope::id).collect(Collectors.joining(", "));
  }
}
