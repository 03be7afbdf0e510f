package io.icegate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.notify.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] SECRET = "whsec_5f2b8c".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BODY = "{\"type\":\"icegate.retrain\",\"model\":\"churn\"}".getBytes(StandardCharsets.UTF_8);
  private static final long TS = 1_700_000_000L;
  private static final Instant AT = Instant.ofEpochSecond(TS);

  /**
   * Computed independently of Java:
   * {@code printf '%s' '1700000000.{"type":"icegate.retrain","model":"churn"}' | openssl dgst -sha256 -hmac whsec_5f2b8c}
   * (Python's {@code hmac.new(key, b"1700000000." + body, hashlib.sha256).hexdigest()} agrees).
   */
  private static final String EXPECTED = "sha256=94b2a246513c09e481ff58e7f889fbe435f4c8e2f9238602f1b72d531af560db";

  @Test
  void signsTimestampDotBodyAsOpenSslDoes() {
    assertThat(WebhookSignature.sign(SECRET, TS, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void acceptsTheSignatureWithinTheTolerance() {
    assertThat(verify("1700000000", EXPECTED, BODY, AT)).isEqualTo(Verdict.VALID);
    assertThat(verify("1700000000", EXPECTED, BODY, AT.plusSeconds(299))).isEqualTo(Verdict.VALID);
    assertThat(verify("1700000000", EXPECTED, BODY, AT.minusSeconds(299))).isEqualTo(Verdict.VALID);
  }

  @Test
  void refusesATamperedBodyOrTimestampOrAnotherSecret() {
    byte[] tampered = "{\"type\":\"icegate.retrain\",\"model\":\"fraud\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(verify("1700000000", EXPECTED, tampered, AT)).isEqualTo(Verdict.MISMATCH);
    // moving the timestamp forward to dodge the replay check breaks the signature
    assertThat(verify("1700000600", EXPECTED, BODY, AT.plusSeconds(600))).isEqualTo(Verdict.MISMATCH);
    assertThat(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), "1700000000", EXPECTED, BODY, AT,
        WebhookSignature.DEFAULT_TOLERANCE)).isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void refusesAnAuthenticButOldRequestAsAReplay() {
    assertThat(verify("1700000000", EXPECTED, BODY, AT.plusSeconds(301))).isEqualTo(Verdict.STALE);
    assertThat(verify("1700000000", EXPECTED, BODY, AT.minusSeconds(301))).isEqualTo(Verdict.STALE);
    assertThat(WebhookSignature.verify(SECRET, "1700000000", EXPECTED, BODY, AT.plusSeconds(3600), Duration.ofHours(2)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void reportsMissingAndMalformedHeaders() {
    assertThat(verify(null, EXPECTED, BODY, AT)).isEqualTo(Verdict.MISSING);
    assertThat(verify("1700000000", " ", BODY, AT)).isEqualTo(Verdict.MISSING);
    assertThat(verify("yesterday", EXPECTED, BODY, AT)).isEqualTo(Verdict.MALFORMED);
    assertThat(verify("1700000000", EXPECTED.substring("sha256=".length()), BODY, AT)).isEqualTo(Verdict.MALFORMED);
    assertThat(verify("1700000000", "sha256=not-hex", BODY, AT)).isEqualTo(Verdict.MALFORMED);
    assertThat(verify("1700000000", "sha1=94b2a246", BODY, AT)).isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void acceptsAnyOfSeveralSignaturesAsDuringASecretRotation() {
    String old = WebhookSignature.sign("old-secret".getBytes(StandardCharsets.UTF_8), TS, BODY);
    assertThat(verify("1700000000", old + ", " + EXPECTED, BODY, AT)).isEqualTo(Verdict.VALID);
    assertThat(verify("1700000000", old, BODY, AT)).isEqualTo(Verdict.MISMATCH);
  }

  private static Verdict verify(String ts, String signature, byte[] body, Instant now) {
    return WebhookSignature.verify(SECRET, ts, signature, body, now, WebhookSignature.DEFAULT_TOLERANCE);
  }
}
