package io.icegate.notify;

import java.util.Map;

/**
 * A request to retrain a model, sent to the retrain webhook when a drift budget trips. icegate
 * never trains: the receiver (a CI pipeline, an orchestrator) does.
 *
 * @param model the model
 * @param alias the alias whose traffic drifted, e.g. {@code production}
 * @param version the version behind the alias
 * @param monitor the monitor whose budget tripped, or null
 * @param reason why, in one line, e.g. {@code "prediction PSI 0.23 >= 0.2"}
 * @param drift figures of the scan as JSON values (numbers, text, booleans, lists), in order
 * @param reportUrl link to the HTML report, or null
 */
public record RetrainTrigger(
    String model,
    String alias,
    int version,
    String monitor,
    String reason,
    Map<String, Object> drift,
    String reportUrl) implements Notification {

  public RetrainTrigger {
    Checks.text(model, "model");
    Checks.text(alias, "alias");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, found " + version);
    }
    Checks.text(reason, "reason");
    drift = Checks.ordered(drift, "drift");
  }

  @Override
  public Kind kind() {
    return Kind.RETRAIN;
  }

  /** One trigger per alias and version per cooldown: a newly promoted version may trigger again. */
  @Override
  public String dedupeKey() {
    return "retrain/" + alias + "/v" + version;
  }

  @Override
  public String title() {
    return "retrain " + model + " (" + alias + " v" + version + "): " + reason;
  }
}
