package io.icegate.gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.ingest.Json;
import io.icegate.registry.Action;
import io.icegate.registry.Expected;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryEvent;
import io.icegate.shadow.ShadowResult;
import java.util.Comparator;
import java.util.Objects;

/**
 * Promotion through the gate: an alias moves to a version only with a passing gate decision under
 * the policy in force (and a passing shadow/canary comparison where the policy asks for one), or as
 * an override that names its reason and needs its own permission. The evidence is stored with the
 * audit event.
 */
public final class Promotions {

  private final Registry registry;
  private final GateService gate;

  public Promotions(Registry registry, GateService gate) {
    this.registry = registry;
    this.gate = gate;
  }

  /**
   * Points {@code alias} at {@code version}.
   *
   * @param mayOverride whether the caller holds the override permission
   * @param override whether the caller asks to skip the evidence
   */
  public RegistryEvent promote(String actor, boolean mayOverride, String model, String alias, int version,
      Expected expected, String reason, boolean override, String requestId) {
    registry.version(model, version);
    ObjectNode details = Json.MAPPER.createObjectNode();
    if (override) {
      if (!mayOverride) {
        throw new GateException(GateException.Reason.FORBIDDEN,
            "an override needs the 'override' scope; '" + actor + "' does not have it");
      }
      if (reason == null || reason.isBlank()) {
        throw GateException.invalid("an override must give a reason");
      }
      details.put("override", true);
      return registry.moveAlias(actor, model, alias, version, expected, reason, requestId, Action.OVERRIDE, details);
    }
    GatePolicy policy = gate.policy(model);
    details.put("policyVersion", policy.version());
    if (policy.promotion().requireGate()) {
      GateDecision decision = gate.decisions().latestPassing(model, version, policy.version())
          .orElseThrow(() -> new GateException(GateException.Reason.UNMET, "version " + version + " of model '"
              + model + "' has no passing gate decision under policy version " + policy.version()
              + "; gate it first"));
      details.put("gateDecision", decision.decisionId());
    }
    if (policy.promotion().requireShadow()) {
      ShadowResult comparison = gate.shadow().list(model).stream()
          .filter(r -> r.variantVersion() != null && r.variantVersion() == version)
          .max(Comparator.comparing(ShadowResult::createdAt))
          .filter(ShadowResult::passed)
          .filter(r -> Objects.equals(r.policy(), policy.shadow()))
          .orElseThrow(() -> new GateException(GateException.Reason.UNMET, "version " + version + " of model '"
              + model + "' has no passing shadow/canary comparison under policy version " + policy.version()
              + " (its latest one must pass); compare its shadow or canary first"));
      details.put("shadowComparison", comparison.comparisonId());
    }
    return registry.moveAlias(actor, model, alias, version, expected, reason, requestId, Action.PROMOTE, details);
  }
}
