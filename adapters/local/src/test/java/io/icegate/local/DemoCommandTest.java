package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
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
        .contains("promote version 2 to production: REFUSED").contains("production: version 3 -> 1");

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
