package io.icegate.auth;

import io.icegate.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Creating API tokens and hashing them.
 *
 * <p>A token is {@value #PREFIX} followed by 32 random bytes from {@link SecureRandom} in base64url
 * (256 bits of entropy). The prefix makes a leaked token recognisable to people and secret scanners.
 *
 * <p>Tokens are stored as plain SHA-256, not bcrypt/scrypt/Argon2: slow key-derivation functions
 * exist to protect low-entropy passwords against guessing, but nobody can enumerate 2^256 random
 * tokens however fast the hash is, and a slow hash would cost every request tens of milliseconds.
 * Random tokens hashed with SHA-256 is what GitHub and the major clouds do for API keys.
 */
public final class ApiTokens {

  /** The prefix of every icegate API token. */
  public static final String PREFIX = "igt_";

  /** Random bytes in a token. */
  public static final int RANDOM_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiTokens() {}

  /** A new random token; show it once, store only {@link #sha256Hex}. */
  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** SHA-256 of the token's UTF-8 bytes. */
  public static byte[] sha256(String token) {
    return Sha256.digest().digest(token.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of the token as 64 lower-case hex digits, the form tokens.yaml holds. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }
}
