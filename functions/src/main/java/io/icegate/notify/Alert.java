package io.icegate.notify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert for a model's owners.
 *
 * @param model the model
 * @param monitor the monitor that raised it, or null
 * @param severity how urgent it is
 * @param title one line, e.g. {@code "churn: dataset drift in 2 consecutive scans"}
 * @param summary a few lines of detail, most important first
 * @param reportUrl link to the HTML report, or null
 * @param facts figures shown as a table, in this order (e.g. {@code "prediction PSI" -> "0.23"})
 * @param dedupeKey the standing condition, e.g. {@code "production/dataset-drift"}; an alert with the
 *     key of one fired within the cooldown is suppressed
 */
public record Alert(
    String model,
    String monitor,
    Severity severity,
    String title,
    List<String> summary,
    String reportUrl,
    Map<String, String> facts,
    String dedupeKey) implements Notification {

  public Alert {
    Checks.text(model, "model");
    Objects.requireNonNull(severity, "severity");
    Checks.text(title, "title");
    summary = Checks.lines(summary);
    facts = Checks.ordered(facts, "facts");
    Checks.text(dedupeKey, "dedupeKey");
  }

  @Override
  public Kind kind() {
    return Kind.ALERT;
  }
}
