package io.icegate.monitor;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a scan's drift budget led to: the rules it tripped, each rule's alert, and the retrain
 * trigger. A scan inside its budget has no tripped rules and no notices.
 *
 * @param scanId the scan
 * @param model the model
 * @param monitor the monitor
 * @param tripped the rules tripped, in policy order, each with its alert
 * @param retrain the retrain trigger, or null when no rule tripped
 */
public record BudgetOutcome(String scanId, String model, String monitor, List<TrippedRule> tripped, Notice retrain) {

  public BudgetOutcome {
    tripped = List.copyOf(tripped);
  }

  /** A scan inside its budget. */
  static BudgetOutcome within(DriftScan scan) {
    return new BudgetOutcome(scan.scanId(), scan.model(), scan.monitor(), List.of(), null);
  }

  /**
   * A tripped rule and the alert it raised.
   *
   * @param rule the rule's id, e.g. {@code datasetDrift} or {@code columnScore/score/psi}
   * @param reason one line
   * @param evidence the figures behind it, as JSON values
   * @param alert what became of its alert
   */
  public record TrippedRule(String rule, String reason, Map<String, Object> evidence, Notice alert) {
    public TrippedRule {
      evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
  }

  /**
   * What became of one alert or retrain trigger.
   *
   * @param status delivered, undelivered, suppressed, not configured or skipped
   * @param decisionId the alert gate's decision, or null when none was taken
   * @param suppressedUntil for a suppressed notice: when its dedupe key may fire again
   * @param detail one line: the channels reached, or why nothing was sent
   */
  public record Notice(Status status, String decisionId, Instant suppressedUntil, String detail) {}

  /** The fate of a notice. */
  public enum Status {
    /** Fired and accepted by at least one channel. */
    DELIVERED,
    /** Fired but no channel accepted it; it starts no cooldown. */
    UNDELIVERED,
    /** The same condition fired within the cooldown. */
    SUPPRESSED,
    /** The policy has no {@code alerts} (or no {@code retrain}) section. */
    NOT_CONFIGURED,
    /** Could not be sent: no notifier on this platform, or no version behind the alias. */
    SKIPPED;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
