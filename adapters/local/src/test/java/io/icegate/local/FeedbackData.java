package io.icegate.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * An inference log for the feedback loop: model {@code churn}, 20 requests {@code r-0..r-19} an hour
 * ago with scores 0.30, 0.32, .., 0.68 (class 1 from r-10), and five confident ones {@code s-0..s-4}.
 * Below the default margin 0.2 are r-1..r-19: 19 candidates, r-10 the least sure.
 */
final class FeedbackData {
  static final int UNCERTAIN = 19;

  private FeedbackData() {}

  /** The sample contracts' folder. */
  static Path contracts() {
    return ChurnData.policy().getParent().getParent().resolve("contracts");
  }

  /** Writes the log as CSV. */
  static Path predictions(Path file) throws IOException {
    Instant ts = Instant.now().minus(Duration.ofHours(1));
    StringBuilder csv = new StringBuilder("request_id,model,version,variant,ts,prediction,score,features\n");
    for (int i = 0; i < 20; i++) {
      row(csv, "r-" + i, ts, 0.3 + 0.02 * i, i % 2 == 0 ? "de" : "fr");
    }
    for (int i = 0; i < 5; i++) {
      row(csv, "s-" + i, ts, 0.99, "de");
    }
    return Fixtures.write(file, csv.toString());
  }

  private static void row(StringBuilder csv, String id, Instant ts, double score, String country) {
    csv.append(id).append(",churn,2,production,").append(ts).append(',').append(score >= 0.5 ? 1 : 0).append(',')
        .append(String.format(Locale.ROOT, "%.2f", score)).append(",\"{\"\"country\"\": \"\"").append(country)
        .append("\"\"}\"\n");
  }
}
