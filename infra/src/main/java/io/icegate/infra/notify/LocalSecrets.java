package io.icegate.infra.notify;

import io.icegate.infra.config.IcegateHome;
import io.icegate.notify.Secret;
import io.icegate.notify.SecretRef;
import io.icegate.notify.SecretResolver;
import io.icegate.notify.SecretUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secrets of the local runtime: environment variables, and files inside the icegate home (e.g.
 * {@code secrets/retrain.key}, readable by the service account only). Messages name the
 * reference, never a value.
 */
public final class LocalSecrets implements SecretResolver {

  private final Map<String, String> env;
  private final Path home;

  public LocalSecrets(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home.toAbsolutePath().normalize();
  }

  /** The process environment and the home's files. */
  public static LocalSecrets of(IcegateHome home) {
    return new LocalSecrets(System.getenv(), home.root());
  }

  @Override
  public Secret resolve(SecretRef ref) {
    return switch (ref.source()) {
      case ENV -> fromEnv(ref);
      case FILE -> fromFile(ref);
    };
  }

  private Secret fromEnv(SecretRef ref) {
    String value = env.get(ref.name());
    if (value == null || value.isBlank()) {
      throw new SecretUnavailableException("secret " + ref + " is not set");
    }
    return new Secret(value.strip());
  }

  private Secret fromFile(SecretRef ref) {
    Path file = home.resolve(ref.name()).normalize();
    if (!file.startsWith(home)) {
      throw new SecretUnavailableException("secret " + ref + " is outside the icegate home");
    }
    if (!Files.isRegularFile(file)) {
      throw new SecretUnavailableException("secret " + ref + " does not exist in the icegate home");
    }
    try {
      // editors and `echo` add a final newline; the secret is the text without it
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new SecretUnavailableException("secret " + ref + " is empty");
      }
      return new Secret(value);
    } catch (IOException e) {
      throw new SecretUnavailableException("secret " + ref + " could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
