package io.icegate.shadow;

import java.time.Instant;
import java.util.List;

/**
 * One stored comparison of a variant with its baseline on the inference log.
 *
 * @param comparisonId time-ordered id
 * @param model the model whose predictions were compared
 * @param variant the shadow or canary variant
 * @param baselineVariant what it was compared with, normally {@code production}
 * @param variantVersion the version that served every request of the variant, or null when
 *     several (or none) did
 * @param baselineVersion likewise for the baseline
 * @param from start of the window, inclusive
 * @param to end of the window, exclusive
 * @param mode paired (shadow) or distribution only (canary)
 * @param figures what was measured
 * @param rules every rule of the policy with its verdict
 * @param passed true when no rule failed
 * @param policy the limits applied
 * @param predictionsSnapshotId the snapshot of the predictions dataset that was read, or null when empty
 * @param feedbackSnapshotId the snapshot of the feedback dataset that was read, or null when none
 * @param createdAt when the comparison ran
 * @param actor who asked for it
 */
public record ShadowResult(
    String comparisonId,
    String model,
    String variant,
    String baselineVariant,
    Long variantVersion,
    Long baselineVersion,
    Instant from,
    Instant to,
    ComparisonMode mode,
    ShadowFigures figures,
    List<RuleResult> rules,
    boolean passed,
    ShadowPolicy policy,
    Long predictionsSnapshotId,
    Long feedbackSnapshotId,
    Instant createdAt,
    String actor) {

  public ShadowResult {
    rules = List.copyOf(rules);
  }

  /** The rule named {@code name}. */
  public RuleResult rule(String name) {
    return rules.stream().filter(r -> r.rule().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rule named '" + name + "'"));
  }
}
