package io.icegate.notify;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a secret (an HMAC key, a webhook URL carrying a token) is read from when it is needed:
 * configuration names the place, never the value, so policies can be shared and logged.
 *
 * @param source an environment variable or a file in the icegate home
 * @param name the variable's name, or the file's path relative to the home
 */
public record SecretRef(Source source, String name) {

  /** The places a secret may come from. */
  public enum Source {
    ENV,
    FILE
  }

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public SecretRef {
    Objects.requireNonNull(source, "source");
    Checks.text(name, "secret name");
    if (source == Source.ENV && !ENV_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not an environment variable name (letters, digits, _)");
    }
    if (source == Source.FILE) {
      Path p = Path.of(name).normalize();
      if (p.isAbsolute() || p.startsWith("..") || name.startsWith("/") || name.startsWith("~")) {
        throw new IllegalArgumentException("secret file '" + name + "' must be a path inside the icegate home,"
            + " e.g. secrets/retrain.key");
      }
    }
  }

  /** A secret in the environment variable {@code name}. */
  public static SecretRef env(String name) {
    return new SecretRef(Source.ENV, name);
  }

  /** A secret in the file at {@code path}, relative to the icegate home. */
  public static SecretRef file(String path) {
    return new SecretRef(Source.FILE, path);
  }

  /** {@code env:NAME} or {@code file:path}: the reference, safe to log. */
  @Override
  public String toString() {
    return (source == Source.ENV ? "env:" : "file:") + name;
  }
}
