package io.icegate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.table.IcegateTables;
import io.icegate.table.ScopedTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent writers on the embedded (SQLite) catalog, and the per-model conflict scope itself. */
class RegistryConcurrencyTest {
  @TempDir Path home;
  RegistryFixture f;
  long snapshot;

  @BeforeEach
  void open() throws IOException {
    f = new RegistryFixture(home);
    snapshot = f.upload("base", 10).snapshotId();
  }

  @AfterEach
  void close() throws IOException {
    f.close();
  }

  @Test
  void concurrentRegistrationsAndPromotions() throws Exception {
    RegistryRaces.concurrentRegistrationsGetDistinctConsecutiveVersions(f, snapshot);
    RegistryRaces.concurrentPromotionsHaveExactlyOneWinner(f.registry);
  }

  /**
   * The compare-and-swap scope is one model: an event of another model (even one sharing a long
   * name prefix, beyond Iceberg's default 16-character string bounds) committed after a read does
   * not invalidate it, while an event of the same model does.
   */
  @Test
  void onlyWritesToTheSameModelConflict() throws Exception {
    String mine = "a-model-with-a-long-shared-prefix-1";
    String other = "a-model-with-a-long-shared-prefix-2";
    IcegateTables tables = f.icegate.tables();
    EventLog log = new EventLog(tables);

    EventLog.Model read = log.read(mine);
    log.append(log.read(other), event(other, 1));
    log.append(read, event(mine, 1));

    EventLog.Model stale = read;
    assertThatThrownBy(() -> log.append(stale, event(mine, 2))).isInstanceOf(ScopedTable.Conflict.class);
    assertThat(log.read(mine).events()).extracting(RegistryEvent::seq).containsExactly(1L);
    log.append(log.read(mine), event(mine, 2));
    assertThat(log.read(mine).events()).extracting(RegistryEvent::seq).containsExactly(1L, 2L);
    assertThat(tables.registryEvents().properties())
        .containsEntry("write.metadata.metrics.column.model", "full");
  }

  /**
   * Writes compact a model's files every {@link ScopedTable#COMPACT_EVERY} rows; a compaction
   * keeps every row and, being a replace, does not fail a writer that read before it.
   */
  @Test
  void compactionKeepsEveryRowAndNeverFailsAConcurrentWriter() throws Exception {
    String sha = f.artifact("artifacts/m.bin", "w");
    f.registry.register("ci", RegistryFixture.request("churn", "artifacts/m.bin", sha, snapshot), null);
    for (int i = 0; i < 40; i++) {
      f.registry.moveAlias("alice", "churn", "production", 1, null, null, null, Action.PROMOTE);
    }
    IcegateTables tables = f.icegate.tables();
    assertThat(files(tables, "churn")).as("32 rows compacted into one file, 9 written since").isEqualTo(10);
    List<String> ids = f.registry.events("churn").stream().map(RegistryEvent::eventId).toList();

    EventLog log = new EventLog(tables);
    EventLog.Model before = log.read("churn");
    assertThat(new ScopedTable(tables::registryEvents, "model").compact("churn")).isEqualTo(10);
    assertThat(files(tables, "churn")).isEqualTo(1);
    RegistryEvent late = event("churn", before.nextSeq());
    log.append(before, late);

    List<RegistryEvent> after = f.registry.events("churn");
    assertThat(after).extracting(RegistryEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 42).boxed().toList());
    assertThat(after.subList(0, 41)).extracting(RegistryEvent::eventId).containsExactlyElementsOf(ids);
    assertThat(after.get(41)).isEqualTo(late);
  }

  private static int files(IcegateTables tables, String model) throws IOException {
    int n = 0;
    try (CloseableIterable<FileScanTask> tasks = tables.registryEvents().newScan()
        .filter(Expressions.equal("model", model)).planFiles()) {
      for (FileScanTask ignored : tasks) {
        n++;
      }
    }
    return n;
  }

  private static RegistryEvent event(String model, long seq) {
    return new RegistryEvent(EventLog.newId(), model, seq, Action.PROMOTE, "production", 1, null, "test", null, null,
        Rows.micros(Instant.now()), null);
  }
}
