package io.icegate.auth;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Turns an {@code Authorization: Bearer <token>} header into the principal of a configured token.
 *
 * <p>The presented token is hashed once and its digest compared with every configured digest with
 * {@link MessageDigest#isEqual} (constant time for equal lengths). A match does not end the loop,
 * so the time taken does not depend on which entry, if any, matched. Callers get no reason for a
 * refusal: a missing header, a malformed one, an unknown and an expired token all look the same.
 */
public final class Authenticator {

  /** RFC 6750 b64token: the characters a bearer token may contain. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  /** Longer credentials are refused before hashing: no real token is this long. */
  private static final int MAX_TOKEN_LENGTH = 512;

  private final TokenStore tokens;
  private final Clock clock;
  private final BiPredicate<byte[], byte[]> digestsEqual;

  public Authenticator(TokenStore tokens, Clock clock) {
    this(tokens, clock, Authenticator::constantTimeEquals);
  }

  /** With the digest comparison given, so a test can watch it. */
  Authenticator(TokenStore tokens, Clock clock, BiPredicate<byte[], byte[]> digestsEqual) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.digestsEqual = Objects.requireNonNull(digestsEqual, "digestsEqual");
  }

  /**
   * The principal the header authenticates, or empty when it does not.
   *
   * @param authorization the Authorization header's value, or null when absent
   * @throws IOException when the token configuration cannot be read
   */
  public Optional<Principal> authenticate(String authorization) throws IOException {
    Optional<String> token = bearerToken(authorization);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = ApiTokens.sha256(token.get());
    List<TokenEntry> entries = tokens.entries();
    TokenEntry match = null;
    for (TokenEntry entry : entries) {
      boolean equal = digestsEqual.test(presented, entry.digest());
      // no break: every entry is compared whether or not one already matched
      match = equal && match == null ? entry : match;
    }
    if (match == null || match.expiredAt(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(match.toPrincipal());
  }

  /** Compares digests in time independent of where they differ. */
  private static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /** The credential of a well-formed {@code Bearer} header (scheme case-insensitive), or empty. */
  static Optional<String> bearerToken(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      return Optional.empty();
    }
    String credential = value.substring(space + 1).strip();
    if (credential.isEmpty() || credential.length() > MAX_TOKEN_LENGTH || !B64TOKEN.matcher(credential).matches()) {
      return Optional.empty();
    }
    return Optional.of(credential);
  }
}
