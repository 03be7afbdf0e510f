package io.icegate.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature icegate puts on webhook bodies, and the check a receiver runs (the scheme of
 * Stripe's and GitHub's webhooks).
 *
 * <p>icegate sends {@code X-Icegate-Timestamp: <unix seconds>} and {@code X-Icegate-Signature:
 * sha256=<hex>}, where hex is HMAC-SHA256 with the shared secret over the bytes of {@code
 * <timestamp>.<body>}. Each attempt is signed afresh, so a retry after a long backoff is not stale.
 * A receiver recomputes the HMAC over the raw body it received (before any JSON parsing),
 * compares in constant time, and refuses timestamps more than a few minutes from its clock: a
 * captured request cannot be replayed later, and {@code X-Icegate-Delivery} lets it drop
 * duplicates within that window.
 */
public final class WebhookSignature {

  /** Header carrying {@code sha256=<hex>}. */
  public static final String SIGNATURE_HEADER = "X-Icegate-Signature";
  /** Header carrying the signing time in Unix seconds. */
  public static final String TIMESTAMP_HEADER = "X-Icegate-Timestamp";
  /** Prefix of the signature value, naming the algorithm. */
  public static final String PREFIX = "sha256=";
  /** How far a timestamp may be from the receiver's clock, either way (Stripe's default). */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /** What a check found. */
  public enum Verdict {
    /** Signed with the secret, within the tolerance. */
    VALID,
    /** A header is absent or empty. */
    MISSING,
    /** A header is present but not of the expected form. */
    MALFORMED,
    /** The body or timestamp was not signed with this secret (tampered, or another secret). */
    MISMATCH,
    /** Authentic but signed too long ago (or too far ahead): a replay or a wrong clock. */
    STALE;

    public boolean valid() {
      return this == VALID;
    }
  }

  private WebhookSignature() {}

  /** The value of {@link #SIGNATURE_HEADER} for {@code body} signed at {@code timestamp} (Unix seconds). */
  public static String sign(byte[] secret, long timestamp, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp, body));
  }

  /** {@link #verify(byte[], String, String, byte[], Instant, Duration)} at the system clock, 5 minutes' tolerance. */
  public static Verdict verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body) {
    return verify(secret, timestampHeader, signatureHeader, body, Instant.now(), DEFAULT_TOLERANCE);
  }

  /**
   * Checks a received webhook. The signature is checked before the age, so {@link Verdict#STALE}
   * means "authentic but old". The signature header may list several values separated by commas
   * (as during a secret rotation); one match is enough.
   *
   * @param secret the shared secret
   * @param timestampHeader the {@link #TIMESTAMP_HEADER} value as received
   * @param signatureHeader the {@link #SIGNATURE_HEADER} value as received
   * @param body the raw body bytes as received
   * @param now the receiver's clock
   * @param tolerance how far the timestamp may be from {@code now}
   */
  public static Verdict verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body,
      Instant now, Duration tolerance) {
    if (timestampHeader == null || timestampHeader.isBlank() || signatureHeader == null || signatureHeader.isBlank()) {
      return Verdict.MISSING;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.strip());
    } catch (NumberFormatException e) {
      return Verdict.MALFORMED;
    }
    byte[] expected = hmac(secret, timestamp, body);
    boolean wellFormed = false;
    boolean matched = false;
    for (String part : signatureHeader.split(",")) {
      String value = part.strip();
      if (!value.startsWith(PREFIX)) {
        continue;
      }
      byte[] given;
      try {
        given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
      } catch (IllegalArgumentException e) {
        continue;
      }
      wellFormed = true;
      // constant time: a byte-by-byte early exit would let an attacker guess the HMAC byte by byte
      matched |= MessageDigest.isEqual(expected, given);
    }
    if (!wellFormed) {
      return Verdict.MALFORMED;
    }
    if (!matched) {
      return Verdict.MISMATCH;
    }
    long age = Math.abs(now.getEpochSecond() - timestamp);
    return age > tolerance.toSeconds() ? Verdict.STALE : Verdict.VALID;
  }

  private static byte[] hmac(byte[] secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }
}
