package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintainCommandTest {
  @TempDir Path dir;

  @Test
  void dryRunThenRealRunCompactTheSmallFilesAndJsonHasOneReportPerTable() throws Exception {
    Cli cli = new Cli(dir.resolve("home"));
    assertThat(cli.run("contracts", "put", Fixtures.contract(dir).toString()).exit()).isZero();
    for (int i = 0; i < 5; i++) {
      Cli.Run r = cli.run("ingest", Fixtures.csv(dir, "u" + i + ".csv", DemoData.GOOD, "U" + i).toString(),
          "--dataset", "trips");
      assertThat(r.exit()).as(r.toString()).isZero();
    }

    Cli.Run dry = cli.run("--json", "maintain", "--dry-run", "--table", "trips");
    assertThat(dry.exit()).as(dry.toString()).isZero();
    JsonNode plan = dry.json();
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    assertThat(plan.get("ok").asBoolean()).isTrue();
    assertThat(plan.get("options").get("retainLast").asInt()).isEqualTo(10);
    assertThat(plan.get("options").get("targetFileBytes").asLong()).isEqualTo(128L << 20);
    assertThat(plan.get("tables")).hasSize(1);
    JsonNode t = plan.get("tables").get(0);
    assertThat(t.get("table").asText()).isEqualTo("datasets.trips");
    assertThat(t.get("kind").asText()).isEqualTo("dataset");
    assertThat(t.get("compaction").get("filesBefore").asInt()).isEqualTo(5);
    assertThat(t.get("compaction").get("filesAfter").asInt()).isEqualTo(1);
    assertThat(t.get("expiry").get("expired").asInt()).isZero();
    assertThat(t.get("orphans").get("orphans").asInt()).isZero();
    assertThat(t.get("errors")).isEmpty();
    List<String> fields = new ArrayList<>();
    t.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).contains("table", "kind", "compaction", "expiry", "orphans", "errors", "millis");

    Cli.Run real = cli.run("maintain");
    assertThat(real.exit()).as(real.toString()).isZero();
    assertThat(real.out()).contains("datasets.trips (dataset table")
        .contains("compaction  5 -> 1 data files (5 small files into 1, 1 partition)")
        .contains("icegate.ingest_log (system table")
        .containsPattern("\\d+ tables maintained in \\d+ ms");
    Cli.Run again = cli.run("--json", "maintain", "--table", "trips", "--table", "icegate.ingest_log");
    assertThat(again.json().get("tables")).extracting(n -> n.get("table").asText())
        .containsExactly("datasets.trips", "icegate.ingest_log");
    assertThat(again.json().get("tables").get(0).get("compaction").get("filesBefore").asInt()).isEqualTo(1);
  }

  @Test
  void aMissingTableFailsWithExitCodeOneAndBadOptionsAreUsageErrors() throws Exception {
    Cli cli = new Cli(dir.resolve("home"));
    Cli.Run missing = cli.run("maintain", "--table", "nope");
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.out()).contains("FAILED      no such table");
    Cli.Run bad = cli.run("maintain", "--retain-last", "0");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("retainLast must be at least 1");
  }
}
