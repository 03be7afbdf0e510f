package io.icegate.store;

import java.util.Objects;

/**
 * A validated object key: relative, '/'-separated, no '..' or '.' segments, no control characters.
 *
 * <p>Keys arrive from event payloads and people; validating them once here keeps every store
 * implementation safe from traversal and odd names.
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {

  /** Longest key accepted; S3 allows 1024 bytes, Azure 1024 characters. */
  public static final int MAX_LENGTH = 1024;

  public ObjectKey {
    Objects.requireNonNull(value, "key");
    String problem = problem(value);
    if (problem != null) {
      throw new InvalidKeyException(value, problem);
    }
  }

  /** Parses a key, throwing {@link InvalidKeyException} with the reason when it is unsafe. */
  public static ObjectKey of(String value) {
    return new ObjectKey(value);
  }

  /** Why the key is unsafe, or null when it is fine. */
  public static String problem(String value) {
    if (value.isEmpty()) {
      return "key is empty";
    }
    if (value.length() > MAX_LENGTH) {
      return "key is longer than " + MAX_LENGTH + " characters";
    }
    if (value.startsWith("/") || value.startsWith("\\") || value.matches("^[A-Za-z]:.*")) {
      return "key is an absolute path";
    }
    if (value.endsWith("/")) {
      return "key ends with '/' (a folder, not an object)";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        return "key contains control character U+" + String.format("%04X", (int) c);
      }
      if (c == '\\') {
        return "key contains '\\'";
      }
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return "key contains an empty segment ('//')";
      }
      if (segment.equals("..") || segment.equals(".")) {
        return "key contains a '" + segment + "' segment";
      }
    }
    return null;
  }

  /** The last segment, e.g. {@code trips.csv}. */
  public String fileName() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  @Override
  public int compareTo(ObjectKey o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }

  /** Thrown for a key that could escape the store or name nothing sensible. */
  public static final class InvalidKeyException extends IllegalArgumentException {
    private final String reason;

    public InvalidKeyException(String key, String reason) {
      super("invalid object key '" + printable(key) + "': " + reason);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }

    private static String printable(String key) {
      StringBuilder b = new StringBuilder();
      key.codePoints().limit(200).forEach(cp -> {
        if (cp < 0x20 || cp == 0x7f) {
          b.append(String.format("\\u%04x", cp));
        } else {
          b.appendCodePoint(cp);
        }
      });
      return b.toString();
    }
  }
}
