package io.icegate.maintenance;

import static io.icegate.maintenance.MaintenanceFixture.checksum;
import static io.icegate.maintenance.MaintenanceFixture.dataFiles;
import static io.icegate.maintenance.MaintenanceFixture.filesOnDisk;
import static io.icegate.maintenance.MaintenanceFixture.path;
import static io.icegate.maintenance.MaintenanceFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.table.IcegateTables;
import io.icegate.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction, expiry and orphan removal on real Iceberg tables written by the real ingest. */
class TableMaintainerTest {
  @TempDir Path dir;

  private static final MaintenanceOptions ONLY_COMPACT =
      new MaintenanceOptions(null, null, null, null, null, false, true, false);
  private static final MaintenanceOptions ONLY_ORPHANS =
      new MaintenanceOptions(null, null, null, null, null, false, false, true);

  private static MaintenanceRequest trips(boolean dryRun, MaintenanceOptions o) {
    return new MaintenanceRequest(List.of("trips"), dryRun, o);
  }

  @Test
  void taggedSnapshotsSurviveExpiryAndTimeTravelToThemStillWorks() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      f.upload("a", 5);
      f.upload("b", 7);
      long training = f.trips().currentSnapshot().snapshotId();
      List<String> trainingRows = rows(f.trips(), training);
      String tag = f.registerModelOn(training, Clock.systemUTC());
      for (int i = 0; i < 6; i++) {
        f.upload("c" + i, 3);
      }
      int before = size(f.trips().snapshots());
      // eight days later, keep the last two: every other snapshot is past the week's retention
      TestClock later = TestClock.at(Instant.now().plus(Duration.ofDays(8)));
      MaintenanceResult r = f.maintainer(later).maintain(trips(false,
          new MaintenanceOptions(null, 2, null, null, null, true, false, false)));

      TableReport t = r.tables().get(0);
      assertThat(t.errors()).isEmpty();
      assertThat(t.expiry().snapshotsBefore()).isEqualTo(before);
      assertThat(t.expiry().expired()).isEqualTo(before - 3);
      assertThat(t.expiry().keptByRefs()).isEqualTo(1);
      assertThat(t.expiry().filesDeleted()).isPositive();
      Table table = f.trips();
      assertThat(size(table.snapshots())).isEqualTo(3);
      assertThat(table.snapshot(training)).isNotNull();
      assertThat(table.refs().get(tag).snapshotId()).isEqualTo(training);
      // time travel, by id and by tag, reads every row of the training data
      assertThat(rows(table, training)).containsExactlyInAnyOrderElementsOf(trainingRows).hasSize(12);
      assertThat(rows(table, table.snapshot(tag).snapshotId())).hasSize(12);
      assertThat(rows(table, null)).hasSize(30);
    }
  }

  @Test
  void compactionKeepsEveryRowAndValueAndMatchesColumnsByFieldId() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      for (int i = 0; i < 6; i++) {
        f.upload("v1-" + i, 20 + i);
      }
      // a column added midway: older files lack it, and the columns after it move
      f.contract(MaintenanceFixture.base().replace("version: 1.0.0", "version: 1.1.0").replace(
          "      - name: payment\n", "      - name: tip\n        logicalType: number\n      - name: payment\n"));
      for (int i = 0; i < 6; i++) {
        f.upload("v2-" + i + ".csv", "trip_id,pickup_ts,passenger_count,fare,tip,payment\n"
            + "v2-" + i + "-a,2026-11-27T10:0" + i + ":00Z,1,10.5," + (i + 0.25) + ",card\n"
            + "v2-" + i + "-b,2026-11-27T11:0" + i + ":00Z,2,7," + "" + ",cash\n");
      }
      String before = checksum(f.trips());
      assertThat(dataFiles(f.trips())).isEqualTo(12);
      Table log = f.icegate.tables().ingestLog();
      String logBefore = checksum(log);
      int logFilesBefore = dataFiles(log);

      MaintenanceResult r = f.maintainer(Clock.systemUTC()).maintain(new MaintenanceRequest(List.of(), false,
          ONLY_COMPACT));

      assertThat(r.ok()).as(r.toString()).isTrue();
      TableReport t = report(r, "datasets.trips");
      assertThat(t.compaction().filesBefore()).isEqualTo(12);
      assertThat(t.compaction().filesRewritten()).isEqualTo(12);
      assertThat(t.compaction().filesAfter()).isEqualTo(1);
      assertThat(dataFiles(f.trips())).isEqualTo(1);
      assertThat(checksum(f.trips())).isEqualTo(before);
      assertThat(f.trips().currentSnapshot().operation()).isEqualTo("replace");
      // a system table with a list column and timestamps: nested field ids survive the rewrite
      assertThat(MaintenanceFixture.hasListColumn(log)).isTrue();
      assertThat(report(r, "icegate.ingest_log").compaction().filesAfter()).isLessThan(logFilesBefore);
      assertThat(dataFiles(log)).isLessThan(logFilesBefore);
      assertThat(checksum(log)).isEqualTo(logBefore);
      // the ingest keeps working on the compacted table
      f.upload("after", 4);
      assertThat(rows(f.trips(), null)).hasSize(Integer.parseInt(before.split(":")[0]) + 4);
    }
  }

  @Test
  void compactionKeepsPartitions() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      f.contract(MaintenanceFixture.base() + """
          customProperties:
            - property: icegate.partitioning
              value: [payment]
          """);
      for (int i = 0; i < 6; i++) {
        f.upload("p" + i, 9);
      }
      String before = checksum(f.trips());
      assertThat(dataFiles(f.trips())).isEqualTo(12);
      MaintenanceResult r = f.maintainer(Clock.systemUTC()).maintain(trips(false, ONLY_COMPACT));
      assertThat(r.ok()).as(r.toString()).isTrue();
      assertThat(r.tables().get(0).compaction().partitionsCompacted()).isEqualTo(2);
      Table t = f.trips();
      assertThat(dataFiles(t)).isEqualTo(2);
      assertThat(checksum(t)).isEqualTo(before);
      List<String> partitions = new ArrayList<>();
      t.currentSnapshot().addedDataFiles(t.io()).forEach(d -> partitions.add(t.spec().partitionToPath(d.partition())));
      assertThat(partitions).containsExactlyInAnyOrder("payment=card", "payment=cash");
      assertThat(t.newScan().filter(org.apache.iceberg.expressions.Expressions.equal("payment", "cash"))
          .planFiles()).hasSize(1);
    }
  }

  @Test
  void anIngestCommittingDuringCompactionLosesNothingAndDuplicatesNothing() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      for (int i = 0; i < 6; i++) {
        f.upload("a" + i, 10);
      }
      List<String> expected = new ArrayList<>(rows(f.trips(), null));
      AtomicBoolean once = new AtomicBoolean();
      TableMaintainer m = new TableMaintainer(f.icegate.tables(), f.icegate.engine(), Clock.systemUTC(), t -> {
        if (once.compareAndSet(false, true)) {
          try {
            f.upload("concurrent", 5);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      });
      MaintenanceResult r = m.maintain(trips(false, ONLY_COMPACT));
      assertThat(once).isTrue();
      assertThat(r.ok()).as(r.toString()).isTrue();
      CompactionReport c = r.tables().get(0).compaction();
      assertThat(c.notes()).isEmpty();
      assertThat(c.retries()).isBetween(0, 1);
      expected.addAll(rows(f.trips(), f.trips().snapshot(f.trips().currentSnapshot().parentId()).snapshotId())
          .stream().filter(row -> row.startsWith("concurrent-")).toList());
      assertThat(rows(f.trips(), null)).containsExactlyInAnyOrderElementsOf(expected).hasSize(65);
      // the six small files became one; the concurrent upload's file stays
      assertThat(dataFiles(f.trips())).isEqualTo(2);
    }
  }

  @Test
  void aConflictingDeleteAbandonsCompactionAndRemovesItsFiles() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      for (int i = 0; i < 6; i++) {
        f.upload("a" + i, 10);
      }
      Table table = f.trips();
      List<Path> filesBefore = filesOnDisk(table);
      DataFile victim = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
      TableMaintainer m = new TableMaintainer(f.icegate.tables(), f.icegate.engine(), Clock.systemUTC(),
          t -> f.trips().newDelete().deleteFile(victim).commit());
      long deleteSnapshotParent = table.currentSnapshot().snapshotId();

      MaintenanceResult r = m.maintain(trips(false, ONLY_COMPACT));

      CompactionReport c = r.tables().get(0).compaction();
      assertThat(c.notes()).singleElement().asString().contains("abandoned");
      assertThat(c.filesWritten()).isZero();
      Table after = f.trips();
      assertThat(after.currentSnapshot().operation()).isEqualTo("delete");
      assertThat(after.currentSnapshot().parentId()).isEqualTo(deleteSnapshotParent);
      assertThat(rows(after, null)).hasSize(50);
      // the compacted file was deleted: only the ingest's files remain on disk
      assertThat(filesOnDisk(after)).containsExactlyInAnyOrderElementsOf(filesBefore);
    }
  }

  @Test
  void orphanRemovalSparesReferencedAndYoungFiles() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      for (int i = 0; i < 3; i++) {
        f.upload("a" + i, 10);
      }
      Table table = f.trips();
      Path data = path(table.location()).resolve("data");
      Path committed = filesOnDisk(table).get(0);
      // what a crashed ingest leaves: a complete Parquet file in the table folder, never committed
      Path crashedOld = data.resolve("crashed-old.parquet");
      Path crashedYoung = data.resolve("crashed-young.parquet");
      Files.copy(committed, crashedOld);
      Files.copy(committed, crashedYoung);
      // every file but the young one is older than the safety age: only references protect them
      FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(10)));
      try (var all = Files.walk(path(table.location()))) {
        for (Path p : all.filter(Files::isRegularFile).toList()) {
          if (!p.equals(crashedYoung)) {
            Files.setLastModifiedTime(p, old);
          }
        }
      }
      String before = checksum(table);
      long referencedBefore = OrphanSweeper.referenced(table).size();

      MaintenanceResult r = f.maintainer(Clock.systemUTC()).maintain(trips(false, ONLY_ORPHANS));

      OrphanReport o = r.tables().get(0).orphans();
      assertThat(r.ok()).as(r.toString()).isTrue();
      assertThat(o.orphans()).isEqualTo(1);
      assertThat(o.removed()).isEqualTo(1);
      assertThat(o.tooYoung()).isEqualTo(1);
      assertThat(o.examples()).singleElement().asString().endsWith("crashed-old.parquet");
      assertThat(o.referenced()).isEqualTo(o.filesListed() - 2).isPositive();
      assertThat(crashedOld).doesNotExist();
      assertThat(crashedYoung).exists();
      assertThat(committed).exists();
      Table after = f.trips();
      assertThat(OrphanSweeper.referenced(after)).hasSize((int) referencedBefore);
      for (String ref : OrphanSweeper.referenced(after)) {
        if (!ref.endsWith("version-hint.text")) {
          assertThat(Path.of(ref)).as(ref).exists();
        }
      }
      assertThat(checksum(after)).isEqualTo(before);
    }
  }

  @Test
  void dryRunReportsWhatItWouldDoAndChangesNothing() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      for (int i = 0; i < 8; i++) {
        f.upload("a" + i, 10);
      }
      Table table = f.trips();
      Path orphan = path(table.location()).resolve("data").resolve("crashed.parquet");
      Files.copy(filesOnDisk(table).get(0), orphan);
      Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(5))));
      String metadata = ((org.apache.iceberg.HasTableOperations) table).operations().current().metadataFileLocation();
      String logMetadata = ((org.apache.iceberg.HasTableOperations) f.icegate.tables().ingestLog()).operations()
          .current().metadataFileLocation();
      List<Path> files = filesOnDisk(table);
      TestClock later = TestClock.at(Instant.now().plus(Duration.ofDays(8)));
      MaintenanceOptions keep3 = new MaintenanceOptions(null, 3, null, null, null, null, null, null);

      MaintenanceResult dry = f.maintainer(later).maintain(new MaintenanceRequest(List.of(), true, keep3));

      assertThat(dry.dryRun()).isTrue();
      TableReport t = report(dry, "datasets.trips");
      assertThat(t.compaction().filesRewritten()).isEqualTo(8);
      assertThat(t.compaction().filesAfter()).isEqualTo(1);
      assertThat(t.expiry().expired()).isEqualTo(5);
      assertThat(t.orphans().orphans()).isEqualTo(1);
      assertThat(t.orphans().removed()).isZero();
      Table unchanged = f.trips();
      assertThat(((org.apache.iceberg.HasTableOperations) unchanged).operations().current().metadataFileLocation())
          .isEqualTo(metadata);
      assertThat(((org.apache.iceberg.HasTableOperations) f.icegate.tables().ingestLog()).operations().current()
          .metadataFileLocation()).isEqualTo(logMetadata);
      assertThat(filesOnDisk(unchanged)).containsExactlyInAnyOrderElementsOf(files);
      assertThat(size(unchanged.snapshots())).isEqualTo(8);

      // the real run does what the dry run said
      MaintenanceResult real = f.maintainer(later).maintain(new MaintenanceRequest(List.of("datasets.trips"),
          false, keep3));
      TableReport done = real.tables().get(0);
      assertThat(done.errors()).isEmpty();
      assertThat(done.compaction().filesAfter()).isEqualTo(1);
      assertThat(done.orphans().removed()).isEqualTo(1);
      assertThat(orphan).doesNotExist();
      // compaction added a snapshot, so expiry keeps it and the two before it
      assertThat(size(f.trips().snapshots())).isEqualTo(3);
    }
  }

  @Test
  void aMissingTableIsReportedAndTheOthersStillRun() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      f.upload("a", 3);
      MaintenanceResult r = f.maintainer(Clock.systemUTC()).maintain(new MaintenanceRequest(
          List.of("nope", "trips", IcegateTables.SYSTEM + ".ingest_log"), false, null));
      assertThat(r.tables()).extracting(TableReport::table)
          .containsExactly(TableIdentifier.of(f.icegate.tables().datasets(), "nope").toString(), "datasets.trips",
              "icegate.ingest_log");
      assertThat(r.tables().get(0).errors()).containsExactly("no such table");
      assertThat(r.tables().get(1).errors()).isEmpty();
      assertThat(r.tables().get(2).errors()).isEmpty();
      assertThat(r.ok()).isFalse();
    }
  }

  @Test
  void aTableWithDeleteFilesIsNotCompactedAndTheOtherStepsStillRun() throws Exception {
    try (MaintenanceFixture f = new MaintenanceFixture(dir)) {
      for (int i = 0; i < 6; i++) {
        f.upload("a" + i, 10);
      }
      Table table = f.trips();
      // another engine's row-level delete: DuckDB would not apply it, so compaction must not run
      DataFile target = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
      table.newRowDelta().addDeletes(org.apache.iceberg.FileMetadata.deleteFileBuilder(table.spec())
          .ofPositionDeletes().withPath(target.location().replace(".parquet", "-deletes.parquet"))
          .withFormat(org.apache.iceberg.FileFormat.PARQUET).withFileSizeInBytes(100).withRecordCount(1).build())
          .commit();
      long snapshot = f.trips().currentSnapshot().snapshotId();

      MaintenanceResult r = f.maintainer(Clock.systemUTC()).maintain(trips(false, null));

      TableReport t = r.tables().get(0);
      assertThat(t.errors()).singleElement().asString()
          .startsWith("compaction: has 1 delete files").contains("refused");
      assertThat(t.expiry().snapshotsBefore()).isEqualTo(7);
      assertThat(t.orphans().skipped()).isNull();
      assertThat(f.trips().currentSnapshot().snapshotId()).isEqualTo(snapshot);
      assertThat(dataFiles(f.trips())).isEqualTo(6);
    }
  }

  private static TableReport report(MaintenanceResult r, String table) {
    return r.tables().stream().filter(t -> t.table().equals(table)).findFirst()
        .orElseThrow(() -> new AssertionError("no report for " + table + " in " + r));
  }

  private static int size(Iterable<Snapshot> snapshots) {
    int n = 0;
    for (Snapshot ignored : snapshots) {
      n++;
    }
    return n;
  }
}
