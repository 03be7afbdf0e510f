package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icegate drift scan} on training and serving data that arrived through ingest. */
class DriftCommandTest {
  static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir Path dir;

  @Test
  void scansTheMonitorsOfThePolicyAndPrintsTheMostDriftedFirst() throws IOException {
    Cli cli = new Cli(dir.resolve("home"));
    Path contract = Fixtures.write(dir.resolve("features.yaml"), """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:icegate:test:features
        name: features
        version: 1.0.0
        status: active
        schema:
          - name: features
            logicalType: object
            properties:
              - {name: id, logicalType: string, required: true}
              - {name: ts, logicalType: timestamp, required: true}
              - {name: age, logicalType: number}
              - {name: income, logicalType: number}
              - {name: segment, logicalType: string}
        """);
    ok(cli.run("contracts", "put", contract.toString(), "--dataset", "training"));
    ok(cli.run("contracts", "put", contract.toString(), "--dataset", "serving"));
    Random random = new Random(3);
    String snapshot = ok(cli.run("--json", "ingest", csv("train.csv", DAY.minus(Duration.ofDays(30)), 2000, 1, random),
        "--dataset", "training")).json().get("snapshotId").asText();
    ok(cli.run("ingest", csv("day0.csv", DAY, 800, 1, random), "--dataset", "serving"));
    ok(cli.run("ingest", csv("day1.csv", DAY.plus(Duration.ofDays(1)), 800, 2, random), "--dataset", "serving"));
    Path policy = Fixtures.write(dir.resolve("churn.yaml"), """
        version: "1"
        task: binary
        evaluation: {id: id, label: churned}
        metrics: [{metric: roc_auc, threshold: 0.7}]
        promotion: {requireGate: false}
        monitors:
          - name: features
            current: {dataset: serving, timestampColumn: ts, window: P1D}
            columns: [age, income, segment]
        """);
    ok(cli.run("policies", "put", policy.toString(), "--model", "churn"));
    Path model = Fixtures.write(dir.resolve("model.bin"), "weights");
    ok(cli.run("models", "register", model.toString(), "--model", "churn", "--dataset", "training",
        "--snapshot", snapshot, "--commit", "abc1"));
    ok(cli.run("promote", "churn", "--alias", "production", "--version", "1"));

    Cli.Run calm = ok(cli.run("drift", "scan", "--at", DAY.plus(Duration.ofDays(1)).toString()));
    assertThat(calm.out()).contains("churn / features (alias production, version 1): no dataset drift")
        .contains("reference  training at snapshot " + snapshot)
        .contains("current    serving over [2026-11-20T00:00:00Z, 2026-11-21T00:00:00Z)")
        .contains("mode       profile: auto: profiles of 1 reference and 1 current batch(es)")
        .contains("0 of 3 columns drifted (share 0.0000, drifts at 0.5000)");
    Matcher report = Pattern.compile("\\n  report     (\\S+/reports/drift/churn/[0-9a-f-]+\\.html)\\n").matcher(calm.out());
    assertThat(report.find()).as(calm.out()).isTrue();
    assertThat(Files.readString(Path.of(report.group(1)))).contains("<svg class=\"chart\"")
        .contains("data-column=\"segment\"");

    Cli.Run shifted = ok(cli.run("drift", "scan", "--model", "churn", "--monitor", "features", "--mode", "exact",
        "--at", DAY.plus(Duration.ofDays(2)).toString()));
    assertThat(shifted.out()).contains("mode       exact: exact mode was asked for")
        .containsPattern("\\n  income +numerical +wasserstein +\\d+\\.\\d{4} +0\\.1000 +2000 +800  DRIFT\\n  age ")
        .contains("1 of 3 columns drifted (share 0.3333, drifts at 0.5000)");

    JsonNode json = ok(cli.run("--json", "drift", "scan", "--model", "churn",
        "--at", DAY.plus(Duration.ofDays(2)).toString())).json();
    JsonNode scan = json.get("scans").get(0);
    assertThat(scan.get("columns").get(0).get("column").asText()).isEqualTo("income");
    assertThat(scan.get("columns").get(0).get("result").get("drifted").asBoolean()).isTrue();
    assertThat(scan.get("dataset").get("drifted").asBoolean()).isFalse();

    Cli.Run unknown = cli.run("drift", "scan", "--model", "churn", "--monitor", "nope");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).contains("icegate: the policy of model 'churn' has no monitor 'nope'; it has features");
    Cli.Run empty = cli.run("drift", "scan", "--at", DAY.minus(Duration.ofDays(3)).toString());
    assertThat(empty.exit()).as(empty.toString()).isEqualTo(1);
    assertThat(empty.out()).contains("churn / features: REFUSED: monitor 'features': dataset 'serving' has no values"
        + " of column 'age' in the window");
    Cli.Run usage = cli.run("drift", "scan", "--mode", "fast");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("unknown scan mode 'fast'");
    assertThat(cli.run("drift", "scan", "--monitor", "features").exit()).isEqualTo(2);
  }

  /** id, ts (43 s apart from {@code start}), age, income (times {@code incomeFactor}) and segment. */
  private String csv(String name, Instant start, int n, double incomeFactor, Random r) throws IOException {
    StringBuilder b = new StringBuilder("id,ts,age,income,segment\n");
    for (int i = 0; i < n; i++) {
      b.append(name).append('-').append(i).append(',').append(start.plusSeconds(43L * i)).append(',')
          .append(String.format(Locale.ROOT, "%.1f,%.2f,", 40 + 10 * r.nextGaussian(),
              incomeFactor * Math.exp(10 + 0.5 * r.nextGaussian())))
          .append(r.nextDouble() < 0.6 ? "a" : "b").append('\n');
    }
    return Fixtures.write(dir.resolve(name), b.toString()).toString();
  }

  private static Cli.Run ok(Cli.Run run) {
    assertThat(run.exit()).as(run.toString()).isZero();
    return run;
  }
}
