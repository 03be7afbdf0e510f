package io.icegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.registry.Action;
import io.icegate.registry.Expected;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryEvent;
import io.icegate.store.ObjectKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** register -> a worse candidate fails -> a better one passes -> promote -> promote -> rollback. */
class GateLifecycleTest {
  @TempDir Path dir;

  @Test
  void gatePromoteAndRollBack() throws Exception {
    try (GateFixture f = new GateFixture(dir, 600)) {
      Registry registry = new Registry(f.icegate.tables(), f.icegate.store(), Clock.systemUTC());
      GateService gate = new GateService(f.icegate.tables(), f.icegate.store(), f.icegate.engine(), registry,
          Clock.systemUTC());
      Promotions promotions = new Promotions(registry, gate);
      try (InputStream in = GateFixture.class.getResourceAsStream("/gate/churn.policy.yaml")) {
        f.icegate.store().put(GateService.policyKey("churn"), in);
      }
      for (int v = 1; v <= 3; v++) {
        register(f, registry, v);
      }

      // v1: no baseline yet, judged on absolute thresholds only
      String p1 = f.predictions("artifacts/churn/v1/preds.csv", 0.8, 1);
      GateDecision d1 = gate.gate("ci", "churn", 1, new GateRequest(GateFixture.DATASET, f.snapshotId, null, p1, null), "r1");
      assertThat(d1.passed()).as(d1.checks().toString()).isTrue();
      assertThat(d1.baselineVersion()).isNull();
      assertThat(d1.checks()).anyMatch(c -> c.criterion().equals("non_inferiority_margin")
          && c.explanation().startsWith("Not applicable"));
      assertThatThrownBy(() -> promotions.promote("ci", false, "churn", "production", 2, Expected.anything(), null,
          false, "r2")).isInstanceOf(GateException.class).hasMessageContaining("has no passing gate decision");
      RegistryEvent e1 = promotions.promote("ci", false, "churn", "production", 1, Expected.unset(), "first", false, "r3");
      assertThat(e1.version()).isEqualTo(1);

      // v2 is worse than v1: fails the paired non-inferiority check; v1's recorded predictions are the baseline
      String p2 = f.predictions("artifacts/churn/v2/preds.csv", 3.0, 2);
      GateDecision d2 = gate.gate("ci", "churn", 2, new GateRequest(GateFixture.DATASET, f.snapshotId, null, p2, null), "r4");
      assertThat(d2.passed()).isFalse();
      assertThat(d2.baselineVersion()).isEqualTo(1);
      assertThat(d2.baselinePredictions().key()).isEqualTo(p1);
      assertThat(d2.checks()).filteredOn(c -> !c.passed()).extracting(GateDecision.Check::criterion)
          .contains("non_inferiority_margin");
      GateDecision.MetricResult auc2 = d2.metrics().get(0);
      assertThat(auc2.candidate()).isLessThan(auc2.baseline());
      assertThat(auc2.difference().upper()).isLessThan(0);

      // v3 is better: passes, with the interval of the difference above zero
      String p3 = f.predictions("artifacts/churn/v3/preds.csv", 0.2, 3);
      GateDecision d3 = gate.gate("ci", "churn", 3, new GateRequest(GateFixture.DATASET, f.snapshotId, null, p3, null), "r5");
      assertThat(d3.passed()).as(d3.checks().toString()).isTrue();
      assertThat(d3.metrics().get(0).difference().lower()).isGreaterThan(0);
      assertThat(d3.checks()).anyMatch(c -> c.subject().equals("roc_auc[region=north]") && c.criterion().equals("slice_minimum"));
      String html = new String(f.icegate.store().readAllBytes(ObjectKey.of(d3.reportKey())), StandardCharsets.UTF_8);
      assertThat(html).contains("PASSED").contains("roc_auc[region=north]").contains(d3.decisionId());

      assertThatThrownBy(() -> promotions.promote("ci", false, "churn", "production", 2, Expected.version(1), null,
          false, "r6")).hasMessageContaining("has no passing gate decision");
      promotions.promote("ci", false, "churn", "production", 3, Expected.version(1), "better auc", false, "r7");
      assertThat(registry.alias("churn", "production").version()).isEqualTo(3);

      // an override needs the permission and a reason
      assertThatThrownBy(() -> promotions.promote("ci", false, "churn", "staging", 2, Expected.anything(), "x", true, "r8"))
          .isInstanceOf(GateException.class).hasMessageContaining("needs the 'override' scope");
      assertThatThrownBy(() -> promotions.promote("lead", true, "churn", "staging", 2, Expected.anything(), " ", true, "r9"))
          .hasMessageContaining("must give a reason");
      promotions.promote("lead", true, "churn", "staging", 2, Expected.anything(), "try v2 on staging", true, "r10");

      registry.rollback("oncall", "churn", "production", Expected.version(3), "latency regression", "r11");
      assertThat(registry.alias("churn", "production").version()).isEqualTo(1);

      List<RegistryEvent> log = registry.events("churn");
      assertThat(log).extracting(RegistryEvent::action).containsExactly(Action.REGISTER, Action.REGISTER,
          Action.REGISTER, Action.PROMOTE, Action.PROMOTE, Action.OVERRIDE, Action.ROLLBACK);
      assertThat(log.get(4).details().get("gateDecision").asText()).isEqualTo(d3.decisionId());
      assertThat(gate.decisions().list("churn", null)).extracting(GateDecision::decisionId)
          .containsExactly(d1.decisionId(), d2.decisionId(), d3.decisionId());
      assertThat(gate.decisions().list("churn", 2)).extracting(GateDecision::decisionId).containsExactly(d2.decisionId());
      assertThat(gate.decisions().get("churn", d3.decisionId())).contains(d3);
    }
  }

  @Test
  void sameSeedSameDecision() throws Exception {
    try (GateFixture f = new GateFixture(dir, 400)) {
      EvaluationLoader loader = new EvaluationLoader(f.icegate.tables(), f.icegate.store(), f.icegate.engine());
      GatePolicy policy = f.policy();
      EvaluationSet set = loader.load(policy, GateFixture.DATASET, f.snapshotId,
          f.predictions("a.csv", 0.5, 1), f.predictions("b.csv", 0.6, 2));
      GateDecision a = GateService.decide("x", policy, 2, set, 1, "ci", "r", java.time.Instant.EPOCH);
      GateDecision b = GateService.decide("x", policy, 2, set, 1, "ci", "r", java.time.Instant.EPOCH);
      assertThat(a).isEqualTo(b);
      assertThat(a.metrics().get(0).difference().seed()).isEqualTo(11);
    }
  }

  private static void register(GateFixture f, Registry registry, int v) throws Exception {
    byte[] artifact = ("model weights v" + v).getBytes(StandardCharsets.UTF_8);
    String key = "artifacts/churn/v" + v + "/model.bin";
    f.icegate.store().put(ObjectKey.of(key), artifact);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
    registry.register("ci", new RegisterRequest("churn", key, sha, GateFixture.DATASET, f.snapshotId, null,
        "abc123" + v, Map.of("lr", "0.1"), null, List.of("ml@example.com"), "v" + v), "reg-" + v);
  }
}
