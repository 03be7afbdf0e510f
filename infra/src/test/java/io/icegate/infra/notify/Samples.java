package io.icegate.infra.notify;

import io.icegate.notify.Alert;
import io.icegate.notify.RetrainTrigger;
import io.icegate.notify.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An alert and a retrain trigger as a drift scan would raise them. */
final class Samples {
  static final String SECRET = "whsec_K7p2V9qL0sX4";
  /** Slack-style URL path whose last segment is the token. */
  static final String SLACK_PATH = "/services/T0AAA/B0BBB/xoxTOKEN9f8e7d";

  /** Quick retries: the fake clock makes pauses free; a real timeout still has to elapse. */
  static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30),
      Duration.ofMinutes(2), Duration.ofMillis(800), Duration.ofSeconds(1));

  private Samples() {}

  static Alert alert(String key) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("drifted columns", "2 of 4 (50%)");
    facts.put("prediction PSI", "0.23");
    facts.put("age: Wasserstein (normed)", "0.31 > 0.1");
    return new Alert("churn", "production-daily", Severity.WARNING, "dataset drift in 2 consecutive scans",
        List.of("age and tenure drifted against the training snapshot", "prediction PSI 0.23 >= 0.2 <budget>"),
        "https://icegate.example.com/reports/churn/2026-03-01.html", facts, key);
  }

  static RetrainTrigger trigger() {
    Map<String, Object> drift = new LinkedHashMap<>();
    drift.put("datasetDrift", true);
    drift.put("driftedColumns", List.of("age", "tenure"));
    drift.put("predictionPsi", 0.23);
    return new RetrainTrigger("churn", "production", 3, "production-daily", "prediction PSI 0.23 >= 0.2", drift,
        "https://icegate.example.com/reports/churn/2026-03-01.html");
  }
}
