package io.icegate.infra.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.notify.SecretRef;
import io.icegate.notify.SecretUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryAndSecretsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
    RetryPolicy p = RetryPolicy.DEFAULTS;
    assertThat(p.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.backoff(1, 0.999)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
    assertThat(p.backoff(2, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(4, 0.0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoff(6, 0.0)).as("2^5 s capped at 30 s").isEqualTo(Duration.ofSeconds(15));
    assertThat(p.backoff(1_000, 0.5)).isEqualTo(Duration.ofMillis(22_500));
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessage("maxAttempts must be at least 1, found 0");
  }

  @Test
  void readsRetryAfterAsSecondsOrAnHttpDate() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Sun, 01 Mar 2026 10:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("99999999999999999999", NOW).orElseThrow()).isGreaterThan(Duration.ofDays(365));
  }

  @Test
  void readsSecretsFromTheEnvironmentAndTheHomeOnly(@TempDir Path home) throws IOException {
    Files.createDirectories(home.resolve("secrets"));
    Files.writeString(home.resolve("secrets/retrain.key"), "s3cr3t\n");
    Files.writeString(home.resolve("secrets/empty.key"), "\n");
    LocalSecrets secrets = new LocalSecrets(Map.of("RETRAIN_SECRET", "from-env", "BLANK", " "), home);

    assertThat(secrets.resolve(SecretRef.env("RETRAIN_SECRET")).reveal()).isEqualTo("from-env");
    assertThat(secrets.resolve(SecretRef.file("secrets/retrain.key")).reveal()).isEqualTo("s3cr3t");
    assertThatThrownBy(() -> secrets.resolve(SecretRef.env("MISSING")))
        .isInstanceOf(SecretUnavailableException.class).hasMessage("secret env:MISSING is not set");
    assertThatThrownBy(() -> secrets.resolve(SecretRef.env("BLANK"))).hasMessage("secret env:BLANK is not set");
    assertThatThrownBy(() -> secrets.resolve(SecretRef.file("secrets/none.key")))
        .hasMessage("secret file:secrets/none.key does not exist in the icegate home");
    assertThatThrownBy(() -> secrets.resolve(SecretRef.file("secrets/empty.key")))
        .hasMessage("secret file:secrets/empty.key is empty");
    // a reference cannot climb out of the home
    assertThatThrownBy(() -> SecretRef.file("secrets/../../etc/passwd"))
        .hasMessageContaining("must be a path inside the icegate home");
  }

  @Test
  void scrubsTheUrlItsTokensAndTheSecret() {
    Scrubber s = new Scrubber(URI.create("https://hooks.example.com/services/T0AAA/B0BBB/xoxTOKEN9f8e7d?key=abcdefghijkl12"),
        new io.icegate.notify.Secret("whsec_1234"));
    assertThat(s.scrub("POST https://hooks.example.com/services/T0AAA/B0BBB/xoxTOKEN9f8e7d?key=abcdefghijkl12 failed", 200))
        .isEqualTo("POST [redacted] failed");
    assertThat(s.scrub("invalid_token xoxTOKEN9f8e7d,\nkey abcdefghijkl12, secret whsec_1234", 200))
        .isEqualTo("invalid_token [redacted], key [redacted], secret [redacted]");
    assertThat(s.scrub("x".repeat(50), 10)).isEqualTo("xxxxxxxxxx…");
  }
}
