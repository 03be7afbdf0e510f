package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.infra.config.IcegateHome;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icegate profiles}: the catch-up of batches committed without their follow-up, and its refusals. */
class ProfilesCommandTest {
  @TempDir Path dir;

  @Test
  void catchesUpABatchCommittedWithoutItsProfilesAndLeavesProfiledOnesAlone() throws Exception {
    Cli cli = new Cli(dir.resolve("home"));
    assertThat(cli.run("contracts", "put", Fixtures.contract(dir).toString()).exit()).isZero();
    Cli.Run ingested = cli.run("--json", "ingest", Fixtures.csv(dir, "a.csv", DemoData.GOOD, "A").toString(), "-d", "trips");
    String profiledBatch = ingested.json().get("batchId").asText();
    IngestReport bare;
    try (LocalRuntime runtime = LocalRuntime.start(new IcegateHome(dir.resolve("home")))) {
      // an ingest that stopped after its commit: the bean alone, no follow-up
      var landed = runtime.icegate().store().put(Landing.key("trips", "b.csv"), DemoData.csv(DemoData.GOOD, "B"));
      bare = runtime.ingest().apply(Landing.event(landed));
      assertThat(bare.status()).isEqualTo(IngestStatus.COMMITTED);
    }

    Cli.Run text = cli.run("profiles");
    assertThat(text.exit()).as(text.toString()).isZero();
    assertThat(text.out()).containsPattern("profiled  trips batch " + bare.batchId() + ": \\d+ columns of 36 rows");

    JsonNode again = cli.run("--json", "profiles", "-d", "trips", profiledBatch, bare.batchId()).json();
    assertThat(again.get("profiled")).isEmpty();
    assertThat(again.get("skipped").findValuesAsText("reason")).containsExactly("already profiled", "already profiled");
    assertThat(cli.run("profiles").out()).contains("every committed batch has its profiles");

    Cli.Run noDataset = cli.run("profiles", bare.batchId());
    assertThat(noDataset.exit()).isEqualTo(2);
    assertThat(noDataset.err()).contains("need the dataset they belong to");
  }
}
