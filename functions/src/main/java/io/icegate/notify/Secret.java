package io.icegate.notify;

import java.nio.charset.StandardCharsets;

/**
 * A resolved secret. Not a record, so that neither {@code toString} nor a debugger's summary nor
 * Jackson ever shows the value.
 */
public final class Secret {

  private final String value;

  public Secret(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    this.value = value;
  }

  /** The value as text; use it, never log it. */
  public String reveal() {
    return value;
  }

  /** The value's UTF-8 bytes, e.g. as an HMAC key. */
  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "[redacted]";
  }
}
