package io.icegate.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.gate.GateException;
import io.icegate.gate.GateService;
import io.icegate.gate.Promotions;
import io.icegate.gate.ShadowRequest;
import io.icegate.registry.Expected;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryEvent;
import io.icegate.store.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy that requires a shadow comparison: promotion follows the latest comparison of the version. */
class ShadowPromotionTest {
  @TempDir Path dir;

  @Test
  void promotionNeedsThePassingShadowComparisonOfThatVersion() throws Exception {
    try (ShadowFixture f = new ShadowFixture(dir).withAllData()) {
      Registry registry = new Registry(f.icegate.tables(), f.icegate.store(), Clock.systemUTC());
      GateService gate = new GateService(f.icegate.tables(), f.icegate.store(), f.icegate.engine(), registry,
          Clock.systemUTC());
      Promotions promotions = new Promotions(registry, gate);
      f.icegate.store().put(GateService.policyKey("churn"), """
          version: "7"
          task: binary
          evaluation: {id: request_id, label: label}
          metrics: [{metric: roc_auc, threshold: 0.6}]
          promotion: {requireGate: false, requireShadow: true}
          shadow: {minRequests: 100, minAgreement: 0.95, maxPsi: 0.2, maxJs: 0.1}
          """.getBytes(StandardCharsets.UTF_8));
      byte[] artifact = "w".getBytes(StandardCharsets.UTF_8);
      f.icegate.store().put(ObjectKey.of("artifacts/churn.bin"), artifact);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
      long snapshot = f.icegate.tables().dataset("predictions").orElseThrow().currentSnapshot().snapshotId();
      for (int v = 1; v <= 4; v++) {
        registry.register("ci", new RegisterRequest("churn", "artifacts/churn.bin", sha, "predictions", snapshot, null,
            "c" + v, Map.of(), null, List.of(), null), "reg-" + v);
      }
      Instant from = Instant.parse("2026-03-01T00:00:00Z");
      Instant to = Instant.parse("2026-03-03T00:00:00Z");

      ShadowResult shifted = gate.compareShadow("ci", new ShadowRequest("churn", "shifted", null, from, to));
      assertThat(shifted.passed()).isFalse();
      assertThat(shifted.policy()).isEqualTo(gate.policy("churn").shadow());
      assertThatThrownBy(() -> promotions.promote("ci", false, "churn", "production", 4, Expected.anything(), null,
          false, "p1")).isInstanceOf(GateException.class).hasMessageContaining("no passing shadow/canary comparison");

      ShadowResult shadow = gate.compareShadow("ci", new ShadowRequest("churn", "shadow", null, from, to));
      assertThat(shadow.passed()).as(shadow.rules().toString()).isTrue();
      assertThat(shadow.variantVersion()).isEqualTo(4L);
      RegistryEvent promoted = promotions.promote("ci", false, "churn", "production", 4, Expected.anything(), null,
          false, "p2");
      assertThat(promoted.details().get("shadowComparison").asText()).isEqualTo(shadow.comparisonId());

      // the canary of the same version then fails: its latest comparison decides
      ShadowResult canary = gate.compareShadow("ci", new ShadowRequest("churn", "canary", null, from, to));
      assertThat(canary.passed()).isFalse();
      assertThatThrownBy(() -> promotions.promote("ci", false, "churn", "staging", 4, Expected.anything(), null,
          false, "p3")).hasMessageContaining("its latest one must pass");

      assertThatThrownBy(() -> gate.compareShadow("ci", new ShadowRequest("churn", "shadow", null, to, from)))
          .isInstanceOf(GateException.class);
    }
  }
}
