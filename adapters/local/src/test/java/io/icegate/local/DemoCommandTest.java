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
        .contains("Where to look").contains("report.json");

    Cli.Run second = cli.run("--json", "demo");
    assertThat(second.exit()).as(second.toString()).isZero();
    JsonNode json = second.json();
    assertThat(json.get("asExpected").asBoolean()).isTrue();
    assertThat(json.get("steps")).extracting(s -> s.get("report").get("status").asText())
        .containsExactly("committed", "quarantined", "duplicate");

    JsonNode trips = cli.run("--json", "tables", "--dataset", "trips").json().get("tables").get(0);
    assertThat(trips.get("snapshots")).hasSize(2);
    assertThat(trips.get("rows").asLong()).isEqualTo(72);
  }

  @Test
  void bundledContractIsTheRepositorySample() throws Exception {
    Path sample = Path.of("../../local/samples/contracts/trips.yaml");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sample), "not run from the repository");
    String bundled;
    try (var in = DemoData.class.getResourceAsStream("/demo/trips.yaml")) {
      bundled = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(bundled).as("adapters/local/src/main/resources/demo/trips.yaml must be a copy of " + sample)
        .isEqualTo(Files.readString(sample));
  }
}
