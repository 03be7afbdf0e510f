package io.icegate.shadow;

/**
 * One rule of a comparison.
 *
 * @param rule stable rule name, e.g. {@code psi}
 * @param observed the measured value, or null when it could not be measured
 * @param limit the policy's limit, or null when the policy sets none
 * @param outcome pass, fail, or not applicable
 * @param reason why the rule failed for lack of data or does not apply; null for a plain verdict
 */
public record RuleResult(String rule, Double observed, Double limit, Outcome outcome, String reason) {

  /** A rule's verdict. */
  public enum Outcome { PASS, FAIL, NOT_APPLICABLE }

  /** Pass when {@code ok}, else fail; no reason. */
  static RuleResult verdict(String rule, double observed, double limit, boolean ok) {
    return new RuleResult(rule, observed, limit, ok ? Outcome.PASS : Outcome.FAIL, null);
  }

  /** A failure for lack of data: the rule could not be evaluated, which never counts as a pass. */
  static RuleResult insufficient(String rule, Double observed, Double limit, String reason) {
    return new RuleResult(rule, observed, limit, Outcome.FAIL, reason);
  }

  /** A rule that does not apply here, with the reason. */
  static RuleResult notApplicable(String rule, Double observed, Double limit, String reason) {
    return new RuleResult(rule, observed, limit, Outcome.NOT_APPLICABLE, reason);
  }

  /** True unless the rule failed. */
  public boolean passed() {
    return outcome != Outcome.FAIL;
  }
}
