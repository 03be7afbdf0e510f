package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void contract() throws IOException {
    cli = new Cli(dir.resolve("home"));
    Cli.Run put = cli.run("contracts", "put", Fixtures.contract(dir).toString());
    assertThat(put.exit()).as(put.toString()).isZero();
  }

  @Test
  void goodIsCommittedBadIsQuarantinedAgainIsDuplicateAndTablesShowTheSnapshot() throws IOException {
    Path good = Fixtures.csv(dir, "good.csv", DemoData.GOOD, "A");
    Cli.Run first = cli.run("--json", "ingest", good.toString(), "--dataset", "trips");
    assertThat(first.exit()).as(first.toString()).isZero();
    JsonNode committed = first.json();
    assertThat(committed.get("status").asText()).isEqualTo("committed");
    assertThat(committed.get("rowsAccepted").asLong()).isEqualTo(36);
    long snapshot = committed.get("snapshotId").asLong();
    String batch = committed.get("batchId").asText();
    assertThat(Path.of(dir.resolve("home/objects").toString(), committed.get("archive").asText())).exists();

    Cli.Run bad = cli.run("--json", "ingest", Fixtures.csv(dir, "bad.csv", DemoData.BAD, "A").toString(),
        "--dataset", "trips");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
    JsonNode quarantined = bad.json();
    assertThat(quarantined.get("status").asText()).isEqualTo("quarantined");
    assertThat(quarantined.get("rejectedByReason").has("passenger_count: above maximum 9")).isTrue();
    Path folder = dir.resolve("home/objects").resolve(quarantined.get("quarantine").asText());
    assertThat(folder.resolve("report.json")).exists();
    assertThat(folder.resolve("rejected.jsonl")).exists();

    Cli.Run again = cli.run("--json", "ingest", good.toString(), "--dataset", "trips");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.json().get("status").asText()).isEqualTo("duplicate");
    assertThat(again.json().get("duplicateOf").asText()).isEqualTo(batch);

    Cli.Run tables = cli.run("tables", "--json");
    assertThat(tables.exit()).as(tables.toString()).isZero();
    JsonNode trips = null;
    for (JsonNode t : tables.json().get("tables")) {
      if (t.get("table").asText().equals("datasets.trips")) {
        trips = t;
      }
    }
    assertThat(trips).as(tables.out()).isNotNull();
    assertThat(trips.get("rows").asLong()).isEqualTo(36);
    assertThat(trips.get("snapshots")).hasSize(1);
    JsonNode s = trips.get("snapshots").get(0);
    assertThat(s.get("snapshotId").asLong()).isEqualTo(snapshot);
    assertThat(s.get("batchId").asText()).isEqualTo(batch);
    assertThat(s.get("rowsAdded").asLong()).isEqualTo(36);
    assertThat(s.get("contractVersion").asText()).isEqualTo("1.0.0");
    assertThat(s.get("sourceUri").asText()).endsWith("landing/trips/good.csv");
    assertThat(tables.out()).contains("icegate.ingest_log");

    Cli.Run text = cli.run("tables", "--dataset", "trips");
    assertThat(text.out()).contains(String.valueOf(snapshot)).contains(batch)
        .contains(committed.get("sha256").asText().substring(0, 12));
  }

  @Test
  void humanOutputSaysWhatHappenedAndWhereToLook() throws IOException {
    Cli.Run run = cli.run("ingest", Fixtures.csv(dir, "bad.csv", DemoData.BAD, "H").toString(), "-d", "trips");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("bad.csv: QUARANTINED (dataset trips)")
        .contains("rows        20 in, none accepted: the whole file is in quarantine")
        .contains("more than icegate.maxRejectedPercent 10%")
        .contains("1  trip_id: duplicate value in unique column")
        .contains("FAIL  payment_type_known")
        .contains("quarantine  " + dir.resolve("home/objects/quarantine/trips/"));
  }

  @Test
  void severalFilesAreIngestedInOrder() throws IOException {
    Path a = Fixtures.csv(dir, "a.csv", DemoData.GOOD, "A");
    Path b = Fixtures.csv(dir, "b.csv", DemoData.GOOD, "B");
    Cli.Run run = cli.run("ingest", a.toString(), b.toString(), "--dataset", "trips");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("[1/2] " + a).contains("[2/2] " + b);
    assertThat(run.out().indexOf("a.csv: COMMITTED")).isLessThan(run.out().indexOf("b.csv: COMMITTED"));
    // each committed upload's profiles follow its report
    assertThat(run.out()).containsPattern("b.csv: COMMITTED[\\s\\S]*  profiles    \\d+ columns in \\d+ ms, for drift scans");

    JsonNode both = cli.run("--json", "ingest", a.toString(), b.toString(), "--dataset", "trips").json();
    assertThat(both).hasSize(2);
    assertThat(both.get(0).get("status").asText()).isEqualTo("duplicate");
  }

  @Test
  void missingFileOrBadDatasetIsAUsageErrorAndNothingLands() throws IOException {
    Path good = Fixtures.csv(dir, "good.csv", DemoData.GOOD, "M");
    Cli.Run missing = cli.run("ingest", good.toString(), dir.resolve("nope.csv").toString(), "--dataset", "trips");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file: " + dir.resolve("nope.csv"));
    assertThat(cli.run("ingest", good.toString(), "--dataset", "../etc").exit()).isEqualTo(2);
    assertThat(cli.run("ingest", good.toString()).exit()).isEqualTo(2);
    try (var landed = Files.list(dir.resolve("home/objects/landing"))) {
      assertThat(landed).isEmpty();
    }
  }
}
