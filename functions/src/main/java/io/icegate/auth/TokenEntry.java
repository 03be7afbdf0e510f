package io.icegate.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured API token, as stored: never the token itself, only its SHA-256.
 *
 * @param principal who the token acts for
 * @param sha256 SHA-256 of the token's UTF-8 bytes, 64 lower-case hex digits
 * @param scopes what it may do
 * @param description free text for people, or null
 * @param created when it was created, or null
 * @param expires when it stops working, or null for never
 */
public record TokenEntry(String principal, String sha256, Set<Scope> scopes, String description, Instant created,
    Instant expires) {

  /** A SHA-256 as written in tokens.yaml. */
  public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public TokenEntry {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(sha256, "sha256");
    String problem = Principal.nameProblem(principal);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (!SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    // an EnumSet iterates in declaration order: read, register, gate, ...
    scopes = Collections.unmodifiableSet(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes));
  }

  /** The stored digest as bytes, for a constant-time comparison. */
  public byte[] digest() {
    return HexFormat.of().parseHex(sha256);
  }

  /** Whether the token no longer works at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expires != null && !now.isBefore(expires);
  }

  /** The principal this token authenticates. */
  public Principal toPrincipal() {
    return new Principal(principal, scopes);
  }

  /** Hides the hash: a listing or log line never needs it. */
  @Override
  public String toString() {
    return "TokenEntry[principal=" + principal + ", scopes=" + Principal.list(scopes) + ", expires=" + expires + "]";
  }
}
