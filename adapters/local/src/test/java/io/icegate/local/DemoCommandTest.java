package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void runsTwiceOnOneHome() {
    Cli cli = new Cli(dir.resolve("home"));
    Cli.Run first = cli.run("demo");
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.out()).contains("COMMITTED").contains("QUARANTINED").contains("DUPLICATE")
        .contains("Where to look").contains("report.json")
        .contains("version 1: PASSED").contains("version 2: FAILED").contains("version 3: PASSED")
        .contains("promote version 2 to production: REFUSED").contains("production: version 3 -> 1")
        .contains("drift monitors 1")
        .contains("over [2026-11-25T00:00:00Z, 2026-11-26T00:00:00Z)")
        .contains("/ serving (alias production, version 1): no dataset drift")
        .contains("/ serving (alias production, version 1): DATASET DRIFT");
    // every upload's profiles were written after its commit, so both scans merge profiles
    assertThat(first.out().lines().filter(l -> l.trim().startsWith("mode ")))
        .hasSize(2).allMatch(l -> l.trim().startsWith("mode       profile: auto:"));
    assertThat(first.out().lines().filter(l -> l.trim().startsWith("tenure ") && l.contains(" ks ")))
        .as("tenure: calm, then the planted drift").hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).endsWith("-"), l -> assertThat(l.get(1)).endsWith("DRIFT"));
    assertThat(first.out().lines().filter(l -> l.trim().startsWith("region ") && l.contains(" chisquare ")))
        .hasSize(2).allMatch(l -> l.endsWith("-"));
    List<Path> reports = first.out().lines()
        .filter(l -> l.trim().startsWith("report ") && l.contains("/reports/drift/"))
        .map(l -> Path.of(l.trim().substring("report".length()).trim())).toList();
    assertThat(reports).as("the calm and the shifted scan's HTML reports").hasSize(2).allMatch(Files::isRegularFile);

    Cli.Run second = cli.run("--json", "demo");
    assertThat(second.exit()).as(second.toString()).isZero();
    JsonNode json = second.json();
    assertThat(json.get("asExpected").asBoolean()).isTrue();
    assertThat(json.get("steps")).extracting(s -> s.get("report").get("status").asText())
        .containsExactly("committed", "quarantined", "duplicate");
    JsonNode models = json.get("models");
    assertThat(models.get("evaluation").get("status").asText()).isEqualTo("duplicate");
    assertThat(models.get("decisions")).extracting(d -> d.get("passed").asBoolean()).containsExactly(true, false, true);
    assertThat(models.get("events")).extracting(e -> e.get("action").asText())
        .containsExactly("register", "register", "register", "promote", "promote", "rollback");
    String model = models.get("model").asText();
    JsonNode drift = json.get("drift");
    assertThat(drift.get("asExpected").asBoolean()).isTrue();
    assertThat(drift.get("days")).extracting(d -> d.get("status").asText())
        .containsExactly("duplicate", "duplicate", "duplicate");
    assertThat(drift.get("calm").get("scans").get(0).get("dataset").get("drifted").asBoolean()).isFalse();
    JsonNode shifted = drift.get("shifted").get("scans").get(0);
    assertThat(shifted.get("model").asText()).isEqualTo(model);
    assertThat(shifted.get("windowTo").asText()).isEqualTo("2026-11-27T00:00:00Z");
    assertThat(shifted.get("dataset").get("drifted").asBoolean()).isTrue();
    assertThat(shifted.get("columns")).extracting(c -> c.get("column").asText() + "=" + c.get("result").get("drifted"))
        .containsExactlyInAnyOrder("tenure=true", "region=false");
    assertThat(dir.resolve("home/objects").resolve(shifted.get("reportKey").asText())).isRegularFile();
    JsonNode production = cli.run("--json", "models", "show", model).json();
    assertThat(production.toString()).contains("\"production\"");

    JsonNode trips = cli.run("--json", "tables", "--dataset", "trips").json().get("tables").get(0);
    assertThat(trips.get("snapshots")).hasSize(2);
    assertThat(trips.get("rows").asLong()).isEqualTo(72);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "contracts/trips.yaml, trips.yaml",
      "contracts/churn_eval.yaml, churn_eval.yaml",
      "contracts/churn_serving.yaml, churn_serving.yaml",
      "policies/churn.yaml, churn-policy.yaml"})
  void bundledSamplesAreTheRepositorySamples(String relative, String bundledName) throws Exception {
    Path sample = Path.of("../../local/samples").resolve(relative);
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sample), "not run from the repository");
    String bundled;
    try (var in = DemoData.class.getResourceAsStream("/demo/" + bundledName)) {
      bundled = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(bundled).as("adapters/local/src/main/resources/demo/" + bundledName + " must be a copy of " + sample)
        .isEqualTo(Files.readString(sample));
  }
}
