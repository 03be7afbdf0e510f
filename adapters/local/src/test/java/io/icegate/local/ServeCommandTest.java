package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.ingest.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void onceIngestsWhatWasDroppedIntoLandingOldestFirst() throws Exception {
    Cli cli = new Cli(dir.resolve("home"));
    assertThat(cli.run("contracts", "put", Fixtures.contract(dir).toString()).exit()).isZero();
    Path landing = dir.resolve("home/objects/landing/trips");
    Fixtures.csv(landing, "first.csv", DemoData.GOOD, "S1");
    Thread.sleep(20); // distinct modification times: "oldest first" is observable
    Fixtures.csv(landing, "second.csv", DemoData.BAD, "S2");
    Fixtures.write(landing.resolve(".second.csv.swp"), "editor noise");

    Cli.Run run = cli.run("serve", "--once", "--interval", "100ms", "--json");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1); // one upload was quarantined
    List<JsonNode> reports = new ArrayList<>();
    List<JsonNode> profiled = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      JsonNode node = Json.MAPPER.readTree(line);
      (node.has("profiled") ? profiled : reports).add(node);
    }
    assertThat(reports).extracting(r -> r.get("key").asText())
        .containsExactly("landing/trips/first.csv", "landing/trips/second.csv");
    assertThat(reports).extracting(r -> r.get("status").asText()).containsExactly("committed", "quarantined");
    // the committed upload's profiles follow its report, once
    assertThat(profiled).flatExtracting(p -> List.copyOf(p.get("profiled").findValuesAsText("batchId")))
        .containsExactly(reports.get(0).get("batchId").asText());
    try (var left = Files.list(landing)) {
      assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly(".second.csv.swp");
    }

    Fixtures.csv(landing, "third.csv", DemoData.GOOD, "S3");
    Cli.Run text = cli.run("serve", "--once");
    assertThat(text.exit()).as(text.toString()).isZero();
    assertThat(text.out()).contains("COMMITTED   landing/trips/third.csv  36 rows committed (0 rejected), snapshot")
        .containsPattern("PROFILED    trips batch \\S+: \\d+ columns of 36 rows");
  }

  @Test
  void intervalMustBeADuration() {
    Cli.Run run = new Cli(dir).run("serve", "--interval", "soon");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("'soon' is not a duration");
  }
}
