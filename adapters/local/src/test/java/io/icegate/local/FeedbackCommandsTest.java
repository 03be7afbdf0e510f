package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icegate review export} and {@code icegate feedback add|import}: the labelling round trip from the shell. */
class FeedbackCommandsTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void home() throws Exception {
    cli = new Cli(dir.resolve("home"));
    ok(cli.run("contracts", "put", FeedbackData.contracts().resolve("predictions.yaml").toString()));
    ok(cli.run("contracts", "put", FeedbackData.contracts().resolve("feedback.yaml").toString()));
    ok(cli.run("ingest", FeedbackData.predictions(dir.resolve("log.csv")).toString(), "--dataset", "predictions"));
  }

  @Test
  void exportWritesJsonLinesForALabellingToolAndImportTakesThemBack() throws Exception {
    Path file = dir.resolve("today.jsonl");
    Cli.Run export = ok(cli.run("review", "export", "--model", "churn", "--budget", "6", "--out", file.toString()));
    assertThat(export.out()).startsWith("churn: 6 items handed out to " + file + "; budget 6 for ")
        .contains(": 0 before, 0 left")
        .contains("candidates  19 with margin below 0.2 in [")
        .contains("strata (class)")
        .containsPattern("0 +3 handed out of 9")
        .containsPattern("1 +3 handed out of 10")
        .contains("assignment  ");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(6);
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      JsonNode item = Json.MAPPER.readTree(line);
      assertThat(item.fieldNames()).toIterable().containsExactly("requestId", "model", "version", "variant", "ts",
          "prediction", "score", "confidence", "stratum", "features");
      ids.add(item.get("requestId").asText());
    }
    assertThat(ids).containsExactly("r-10", "r-9", "r-11", "r-8", "r-12", "r-7");

    // an export is never overwritten: its items are not handed out again
    Cli.Run exists = cli.run("review", "export", "--model", "churn", "--out", file.toString());
    assertThat(exists.exit()).isEqualTo(2);
    assertThat(exists.err()).contains(file + " exists; exported items are never handed out again");
    Cli.Run spent = ok(cli.run("--json", "review", "export", "--model", "churn", "--budget", "6"));
    assertThat(spent.json().get("items")).isEmpty();
    assertThat(spent.json().get("handedOutBefore").asInt()).isEqualTo(6);
    // without --out the lines go to stdout, the summary to stderr
    Cli.Run more = ok(cli.run("review", "export", "--model", "churn", "--budget", "8"));
    assertThat(more.out().lines()).hasSize(2).allSatisfy(l -> assertThat(Json.MAPPER.readTree(l).has("requestId")).isTrue());
    assertThat(more.err()).contains("churn: 2 items handed out; budget 8 for");

    // the labelling tool adds a label to each line; the file comes back as it is
    StringBuilder labelled = new StringBuilder();
    for (String line : lines) {
      ObjectNode item = (ObjectNode) Json.MAPPER.readTree(line);
      item.put("label", item.get("prediction").asInt());
      labelled.append(item).append('\n');
    }
    labelled.append("{\"requestId\": \"r-1\", \"label\": \"0\", \"source\": \"crm\"}\n\n{broken\n");
    labelled.append("{\"requestId\": \"r-2\"}\n");
    Path back = Fixtures.write(dir.resolve("labelled.jsonl"), labelled.toString());
    Cli.Run imported = cli.run("feedback", "import", back.toString(), "--source", "human:alice");
    assertThat(imported.exit()).as(imported.toString()).isEqualTo(1);
    assertThat(imported.out()).contains(back + ": 9 lines: 7 recorded, 0 duplicates, 0 corrected, 2 refused")
        .contains("  line 9: refused: not valid JSON: ")
        .contains("  line 10: refused: no label");
    // the labels' batch got its profiles, as every ingest does
    try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(dir.resolve("home")))) {
      assertThat(icegate.tables().profiledBatches("feedback")).hasSize(1);
    }
    Cli.Run twice = cli.run("--json", "feedback", "import", back.toString(), "--source", "human:alice");
    assertThat(twice.json().get("duplicates").asInt()).isEqualTo(7);
    assertThat(twice.json().get("ingests")).isEmpty();
    assertThat(twice.json().at("/items/6/line").asInt()).isEqualTo(7);
    assertThat(twice.json().at("/items/6/status").asText()).isEqualTo("duplicate");

    // labelled predictions leave the queue: a new day's export would not offer r-1
    Cli.Run next = ok(cli.run("--json", "review", "export", "--model", "churn", "--budget", "100"));
    List<String> offered = new ArrayList<>();
    next.json().get("items").forEach(i -> offered.add(i.get("requestId").asText()));
    assertThat(offered).doesNotContain("r-1").doesNotContainAnyElementsOf(ids).hasSize(FeedbackData.UNCERTAIN - 9);
  }

  @Test
  void addRecordsCorrectsAndRefuses() {
    Cli.Run recorded = ok(cli.run("feedback", "add", "--request-id", "r-3", "--label", "1", "--source", "human:bob"));
    assertThat(recorded.out()).startsWith("recorded label '1' for request r-3 from human:bob (feedback ");
    Cli.Run duplicate = ok(cli.run("feedback", "add", "--request-id", "r-3", "--label", "1", "--source", "human:bob"));
    assertThat(duplicate.out()).startsWith("duplicate: request r-3 already has label '1' from human:bob");
    Cli.Run corrected = ok(cli.run("feedback", "add", "--request-id", "r-3", "--label", "0", "--source", "human:bob"));
    assertThat(corrected.out()).startsWith("corrected request r-3 from human:bob: '1' -> '0' (feedback ");
    Cli.Run unknown = ok(cli.run("feedback", "add", "--request-id", "nope", "--label", "0", "--source", "crm"));
    assertThat(unknown.err()).contains("warning: request id 'nope' is not in dataset 'predictions' (yet)");
    Cli.Run strict = cli.run("--json", "feedback", "add", "--request-id", "nope2", "--label", "0", "--source", "crm",
        "--require-known");
    assertThat(strict.exit()).isEqualTo(1);
    assertThat(strict.json().at("/items/0/status").asText()).isEqualTo("refused");
    Cli.Run blank = cli.run("feedback", "add", "--request-id", "r-3", "--label", " ", "--source", "crm");
    assertThat(blank.exit()).isEqualTo(1);
    assertThat(blank.err()).contains("icegate: refused: label is empty");
    Cli.Run badWindow = cli.run("review", "export", "--model", "churn", "--window", "a week");
    assertThat(badWindow.exit()).isEqualTo(2);
    assertThat(badWindow.err()).contains("--window: 'a week' is not a duration; use e.g. 24h, 7d or P7D");
  }

  private static Cli.Run ok(Cli.Run run) {
    assertThat(run.exit()).as(run.toString()).isZero();
    return run;
  }
}
