package io.icegate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertGateRuleTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  @Test
  void firesWhenNeverFiredOrTheCooldownHasPassed() {
    assertThat(AlertGate.suppressedUntil(null, T0, SIX_HOURS)).isEmpty();
    assertThat(AlertGate.suppressedUntil(T0, T0.plus(SIX_HOURS), SIX_HOURS)).isEmpty();
    assertThat(AlertGate.suppressedUntil(T0, T0.plus(Duration.ofDays(3)), SIX_HOURS)).isEmpty();
  }

  @Test
  void suppressesUntilTheEndOfTheCooldown() {
    assertThat(AlertGate.suppressedUntil(T0, T0.plus(Duration.ofHours(1)), SIX_HOURS)).contains(T0.plus(SIX_HOURS));
    assertThat(AlertGate.suppressedUntil(T0, T0.plus(SIX_HOURS).minusNanos(1000), SIX_HOURS)).contains(T0.plus(SIX_HOURS));
    assertThat(AlertGate.suppressedUntil(T0, T0, Duration.ZERO)).isEmpty();
  }

  @Test
  void recordsCheckTheirArguments() {
    assertThatThrownBy(() -> new Alert("churn", null, Severity.WARNING, " ", List.of(), null, Map.of(), "k"))
        .hasMessage("title must not be blank");
    assertThatThrownBy(() -> new RetrainTrigger("churn", "production", 0, null, "psi", Map.of(), null))
        .hasMessage("version must be at least 1, found 0");
    RetrainTrigger t = new RetrainTrigger("churn", "production", 3, "m", "prediction PSI 0.23 >= 0.2", null, null);
    assertThat(t.dedupeKey()).isEqualTo("retrain/production/v3");
    assertThat(t.drift()).isEmpty();
    assertThatThrownBy(() -> new AlertPolicy(List.of(), List.of(), SIX_HOURS)).hasMessage("alerts need at least one channel");
  }
}
