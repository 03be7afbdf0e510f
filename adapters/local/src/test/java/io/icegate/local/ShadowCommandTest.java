package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icegate shadow} on an inference log and labels that arrived through ingest, under the sample policy. */
class ShadowCommandTest {
  static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
  static final int REQUESTS = 150;

  @TempDir Path dir;

  @Test
  void aFaithfulShadowPassesAndAShiftedCanaryFails() throws IOException {
    Cli cli = new Cli(dir.resolve("home"));
    Path samples = ChurnData.policy().getParent().getParent();
    ok(cli.run("contracts", "put", samples.resolve("contracts/predictions.yaml").toString()));
    ok(cli.run("contracts", "put", samples.resolve("contracts/feedback.yaml").toString()));
    ok(cli.run("policies", "put", ChurnData.policy().toString(), "--model", "churn"));

    Cli.Run missing = cli.run("shadow", "churn", "--variant", "shadow", "--from", DAY.toString(), "--to",
        DAY.plus(Duration.ofDays(1)).toString());
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.err()).contains("icegate: no inference log: dataset 'predictions' does not exist");

    inferenceLog(cli);
    Cli.Run shadow = ok(cli.run("shadow", "churn", "--variant", "shadow", "--from", DAY.toString(), "--to",
        DAY.plus(Duration.ofDays(1)).toString()));
    assertThat(shadow.out()).contains("churn: shadow vs production over [2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z):"
            + " PASSED (paired)")
        .contains("requests    production 150 (version 1), shadow 150 (version 3), 150 paired")
        .containsPattern("pass +min_requests_variant +150 \\(limit 100\\)")
        .containsPattern("pass +agreement +1\\.0000 \\(limit 0\\.9500\\)")
        .containsPattern("pass +metric_drop");

    Cli.Run canary = cli.run("--json", "shadow", "churn", "--variant", "canary", "--from", DAY.toString(), "--to",
        DAY.plus(Duration.ofDays(1)).toString());
    assertThat(canary.exit()).as(canary.toString()).isEqualTo(1);
    JsonNode r = canary.json();
    assertThat(r.get("passed").asBoolean()).isFalse();
    assertThat(r.get("mode").asText()).isEqualToIgnoringCase("distribution");
    JsonNode psi = null;
    for (JsonNode rule : r.get("rules")) {
      if (rule.get("rule").asText().equals("psi")) {
        psi = rule;
      }
    }
    assertThat(psi).isNotNull();
    assertThat(psi.get("outcome").asText()).isEqualToIgnoringCase("fail");
    assertThat(psi.get("limit").asDouble()).isEqualTo(0.2);

    Cli.Run bad = cli.run("shadow", "churn", "--variant", "shadow", "--from", "yesterday", "--to", DAY.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--from");
  }

  /**
   * Production (version 1) and a shadow (version 3) answer the same 150 requests with the same
   * classes; a canary (version 4) answers its own 150 requests with scores pushed up. Labels exist
   * for every request.
   */
  private void inferenceLog(Cli cli) throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    StringBuilder log = new StringBuilder("request_id,model,version,variant,ts,prediction,score,features\n");
    StringBuilder labels = new StringBuilder("request_id,label,ts\n");
    for (int i = 0; i < REQUESTS; i++) {
      double latent = random.nextGaussian();
      double score = 1 / (1 + Math.exp(-1.5 * latent));
      Instant ts = DAY.plus(Duration.ofMinutes(5L * i));
      row(log, "p-" + i, 1, "production", ts, score);
      row(log, "p-" + i, 3, "shadow", ts.plusMillis(3), score);
      row(log, "c-" + i, 4, "canary", ts, Math.min(1, score * 0.3 + 0.7));
      labels.append("p-").append(i).append(',').append(latent + 0.5 * random.nextGaussian() > 0 ? 1 : 0).append(',')
          .append(ts.plus(Duration.ofDays(2))).append('\n');
      labels.append("c-").append(i).append(',').append(latent > 0 ? 1 : 0).append(',')
          .append(ts.plus(Duration.ofDays(2))).append('\n');
    }
    ok(cli.run("ingest", Fixtures.write(dir.resolve("log.csv"), log.toString()).toString(), "--dataset", "predictions"));
    ok(cli.run("ingest", Fixtures.write(dir.resolve("labels.csv"), labels.toString()).toString(), "--dataset", "feedback"));
  }

  private static void row(StringBuilder csv, String id, int version, String variant, Instant ts, double score) {
    csv.append(id).append(",churn,").append(version).append(',').append(variant).append(',').append(ts).append(',')
        .append(score >= 0.5 ? 1 : 0).append(',').append(String.format(Locale.ROOT, "%.6f", score)).append(",\n");
  }

  private static Cli.Run ok(Cli.Run run) {
    assertThat(run.exit()).as(run.toString()).isZero();
    return run;
  }
}
