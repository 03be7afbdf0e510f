package io.icegate.shadow;

import static io.icegate.shadow.ShadowComparison.AGREEMENT;
import static io.icegate.shadow.ShadowComparison.FEEDBACK;
import static io.icegate.shadow.ShadowComparison.JS;
import static io.icegate.shadow.ShadowComparison.METRIC_DROP;
import static io.icegate.shadow.ShadowComparison.MIN_REQUESTS_BASELINE;
import static io.icegate.shadow.ShadowComparison.MIN_REQUESTS_VARIANT;
import static io.icegate.shadow.ShadowComparison.PSI;

import java.util.ArrayList;
import java.util.List;

/**
 * The policy's rules applied to what was measured. Lack of data fails a rule and says why; a rule
 * the policy leaves unset, or that the mode cannot measure, is reported as not applicable.
 */
record ShadowRules(InferenceLog.Window w, ShadowPolicy policy, ComparisonMode mode, InferenceLog.Measured m,
    ShadowFigures f, boolean feedbackExists) {

  /** The figures of a measurement. */
  static ShadowFigures figures(InferenceLog.Measured m, ShadowPolicy.Task task) {
    Double agreement = m.paired() == 0 ? null : (double) m.agreeing() / m.paired();
    boolean scored = m.baselineBins() != null;
    InferenceLog.Labels l = m.labels();
    Double drop = null;
    if (l.baselineMetric() != null && l.variantMetric() != null) {
      // accuracy: higher is better; MAE: lower is better. Positive drop = the variant is worse.
      drop = task == ShadowPolicy.Task.CLASSIFICATION
          ? l.baselineMetric() - l.variantMetric()
          : l.variantMetric() - l.baselineMetric();
    }
    return new ShadowFigures(m.baseline().requests(), m.variant().requests(), m.paired(), agreement,
        scored ? m.baselineBins().length : null,
        scored ? ScoreDistance.psi(m.baselineBins(), m.variantBins()) : null,
        scored ? ScoreDistance.js(m.baselineBins(), m.variantBins()) : null,
        task == ShadowPolicy.Task.CLASSIFICATION ? "accuracy" : "mae",
        l.baselineLabelled(), l.variantLabelled(), l.baselineMetric(), l.variantMetric(), drop);
  }

  /** Every rule, in a fixed order: request minimums, agreement, PSI, Jensen-Shannon, metric drop. */
  List<RuleResult> all() {
    List<RuleResult> out = new ArrayList<>();
    out.add(minRequests(MIN_REQUESTS_BASELINE, w.baseline(), f.baselineRequests()));
    out.add(minRequests(MIN_REQUESTS_VARIANT, w.variant(), f.variantRequests()));
    out.add(agreement());
    out.add(distance(PSI, f.psi(), policy.maxPsi(), "maxPsi"));
    out.add(distance(JS, f.js(), policy.maxJs(), "maxJs"));
    out.add(metricDrop());
    return out;
  }

  private RuleResult minRequests(String rule, String variant, long n) {
    double limit = policy.minRequests();
    return n >= policy.minRequests()
        ? RuleResult.verdict(rule, n, limit, true)
        : RuleResult.insufficient(rule, (double) n, limit, n + " requests of variant '" + variant + "' of model '"
            + w.model() + "' in [" + w.from() + ", " + w.to() + "), fewer than minRequests " + policy.minRequests());
  }

  private RuleResult agreement() {
    Double limit = policy.minAgreement();
    if (mode == ComparisonMode.DISTRIBUTION) {
      return RuleResult.notApplicable(AGREEMENT, null, limit, "distribution mode: no request of '" + w.variant()
          + "' was also answered by '" + w.baseline() + "' (a canary), so answers cannot be paired");
    }
    if (limit == null) {
      return RuleResult.notApplicable(AGREEMENT, f.agreement(), null, "the policy sets no minAgreement");
    }
    if (f.pairedRequests() < policy.minRequests()) {
      return RuleResult.insufficient(AGREEMENT, f.agreement(), limit, f.pairedRequests()
          + " requests answered by both '" + w.baseline() + "' and '" + w.variant() + "', fewer than minRequests "
          + policy.minRequests());
    }
    return RuleResult.verdict(AGREEMENT, f.agreement(), limit, f.agreement() >= limit);
  }

  private RuleResult distance(String rule, Double observed, Double limit, String setting) {
    if (limit == null) {
      return RuleResult.notApplicable(rule, observed, null, "the policy sets no " + setting);
    }
    if (observed == null) {
      String side = m.baseline().scored() == 0 ? w.baseline() : w.variant();
      return RuleResult.insufficient(rule, null, limit, "no finite score from variant '" + side
          + "' in the window: score distributions cannot be compared");
    }
    return RuleResult.verdict(rule, observed, limit, observed <= limit);
  }

  private RuleResult metricDrop() {
    Double limit = policy.maxMetricDrop();
    if (limit == null) {
      return RuleResult.notApplicable(METRIC_DROP, f.metricDrop(), null, "the policy sets no maxMetricDrop");
    }
    if (!feedbackExists) {
      return RuleResult.insufficient(METRIC_DROP, null, limit,
          "no labels: dataset '" + FEEDBACK + "' does not exist");
    }
    long labelled = Math.min(f.baselineLabelled(), f.variantLabelled());
    if (labelled < policy.minLabelled()) {
      String who = mode == ComparisonMode.PAIRED
          ? "requests answered by both variants"
          : "requests of '" + (f.baselineLabelled() <= f.variantLabelled() ? w.baseline() : w.variant()) + "'";
      return RuleResult.insufficient(METRIC_DROP, f.metricDrop(), limit, labelled + " labelled " + who
          + " (labels in '" + FEEDBACK + "'), fewer than minLabelled " + policy.minLabelled());
    }
    return RuleResult.verdict(METRIC_DROP, f.metricDrop(), limit, f.metricDrop() <= limit);
  }
}
