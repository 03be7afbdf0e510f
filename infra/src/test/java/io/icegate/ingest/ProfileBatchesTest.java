package io.icegate.ingest;

import static io.icegate.ingest.IngestFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.maintenance.CompactionReport;
import io.icegate.maintenance.MaintenanceOptions;
import io.icegate.maintenance.MaintenanceRequest;
import io.icegate.maintenance.MaintenanceResult;
import io.icegate.maintenance.TableMaintainer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest's follow-up on real tables: what it profiles, what it leaves, and that running it again changes nothing. */
class ProfileBatchesTest {
  @TempDir Path dir;

  @Test
  void aCommittedBatchIsVisibleAtOnceAndProfiledByTheFollowUp() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      IngestReport r = f.upload("good.csv", IngestEndToEndTest.GOOD);
      assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(rows(f.trips())).hasSize(3);
      assertThat(rows(f.icegate.tables().profiles())).as("ingest itself writes no profile").isEmpty();

      ProfileResult result = f.icegate.profileBatches().apply(ProfileRequest.after(r));
      assertThat(result.profiled()).singleElement().satisfies(p -> {
        assertThat(p.batchId()).isEqualTo(r.batchId());
        assertThat(p.rows()).isEqualTo(3);
        assertThat(p.columns()).isEqualTo(5);
      });
      List<Record> profiles = rows(f.icegate.tables().profiles());
      assertThat(profiles).hasSize(5).allMatch(p -> p.getField("batch_id").equals(r.batchId())
          && p.getField("dataset").equals("trips")
          && p.getField("snapshot_id").equals(r.snapshotId()) && p.getField("row_count").equals(3L));
      Record passengers = column(profiles, "passenger_count");
      assertThat(passengers.getField("null_count")).isEqualTo(1L);
      assertThat(passengers.getField("max_value")).isEqualTo(2.0);
      KllDoublesSketch kll = KllDoublesSketch.heapify(Memory.wrap(((ByteBuffer) passengers.getField("kll")).array()));
      assertThat(kll.getN()).isEqualTo(2);
      Record payment = column(profiles, "payment");
      assertThat(payment.getField("kind")).isEqualTo("string");
      assertThat(payment.getField("distinct_estimate")).isEqualTo(2.0);

      ProfileResult again = f.icegate.profileBatches().apply(ProfileRequest.after(r));
      assertThat(again.profiled()).isEmpty();
      assertThat(again.skipped()).singleElement().extracting(ProfileResult.Unprofiled::reason).isEqualTo("already profiled");
      assertThat(f.icegate.profileBatches().apply(ProfileRequest.ALL).profiled()).isEmpty();
      assertThat(rows(f.icegate.tables().profiles())).hasSize(5);
    }
  }

  @Test
  void theCatchUpProfilesEveryUnprofiledBatchOfEveryDatasetOnce() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      f.icegate.store().put(IngestFunction.contractKey("rides"), SchemaEvolutionAndRowsModeTest.baseContract()
          .replace("  - name: trips", "  - name: rides").getBytes(StandardCharsets.UTF_8));
      IngestReport a = f.upload("a.csv", IngestFixture.trips("a", 40));
      IngestReport b = f.upload("b.csv", IngestFixture.trips("b", 25));
      f.icegate.store().put(io.icegate.store.ObjectKey.of("landing/rides/c.csv"),
          IngestFixture.trips("c", 7).getBytes(StandardCharsets.UTF_8));
      IngestReport c = f.ingest.apply(ObjectCreated.of("landing/rides/c.csv"));
      IngestReport quarantined = f.upload("bad.csv", "trip_id,pickup_ts,passenger_count,fare,payment\n");
      assertThat(List.of(a, b, c)).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED));
      assertThat(quarantined.status()).isEqualTo(IngestStatus.QUARANTINED);
      assertThat(ProfileRequest.after(quarantined)).as("nothing to profile").isNull();
      f.icegate.profileBatches().apply(ProfileRequest.after(a));

      ProfileResult result = f.icegate.profileBatches().apply(ProfileRequest.ALL);
      assertThat(result.profiled()).extracting(p -> p.dataset() + "/" + p.batchId() + "/" + p.rows())
          .containsExactlyInAnyOrder("trips/" + b.batchId() + "/25", "rides/" + c.batchId() + "/7");
      assertThat(result.failed()).isEmpty();
      assertThat(rows(f.icegate.tables().profiles())).hasSize(15);
      assertThat(f.icegate.profileBatches().apply(ProfileRequest.ALL).profiled()).isEmpty();
    }
  }

  @Test
  void aPartitionedBatchIsProfiledWholeAcrossItsFiles() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      String contract = SchemaEvolutionAndRowsModeTest.baseContract() + """
          customProperties:
            - property: icegate.partitioning
              value: [payment]
          """;
      f.icegate.store().put(IngestFunction.contractKey("trips"), contract.getBytes(StandardCharsets.UTF_8));
      IngestReport r = f.upload("p.csv", IngestFixture.trips("p", 30));
      assertThat(f.trips().currentSnapshot().addedDataFiles(f.trips().io())).hasSize(2);

      ProfileResult result = f.icegate.profileBatches().apply(ProfileRequest.after(r));
      assertThat(result.profiled()).singleElement().extracting(ProfileResult.Profiled::rows).isEqualTo(30L);
      Record payment = column(rows(f.icegate.tables().profiles()), "payment");
      assertThat(payment.getField("row_count")).isEqualTo(30L);
      assertThat(payment.getField("distinct_estimate")).isEqualTo(2.0);
    }
  }

  @Test
  void compactionLeavesAnUnprofiledBatchForADayAndAfterThatItIsSkippedWithTheReason() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      IngestReport a = f.upload("a.csv", IngestFixture.trips("a", 10));
      IngestReport b = f.upload("b.csv", IngestFixture.trips("b", 10));
      IngestReport c = f.upload("c.csv", IngestFixture.trips("c", 10));
      f.icegate.profileBatches().apply(new ProfileRequest("trips", List.of(a.batchId(), b.batchId())));

      MaintenanceResult now = maintain(f, Clock.systemUTC());
      CompactionReport compaction = now.tables().get(0).compaction();
      assertThat(compaction.filesAfter()).as("a and b compacted, c left").isEqualTo(2);
      assertThat(compaction.notes()).containsExactly("1 file(s) of batches still waiting for their profiles left as they are");
      assertThat(f.icegate.profileBatches().apply(ProfileRequest.ALL).profiled())
          .extracting(ProfileResult.Profiled::batchId).containsExactly(c.batchId());

      IngestReport d = f.upload("d.csv", IngestFixture.trips("d", 10));
      IngestReport e = f.upload("e.csv", IngestFixture.trips("e", 10));
      MaintenanceResult dayLater = maintain(f, Clock.offset(Clock.systemUTC(), Duration.ofHours(25)));
      assertThat(dayLater.tables().get(0).compaction().filesAfter()).isEqualTo(1);
      ProfileResult late = f.icegate.profileBatches().apply(new ProfileRequest("trips", List.of(d.batchId(), e.batchId())));
      assertThat(late.profiled()).isEmpty();
      assertThat(late.skipped()).hasSize(2).allSatisfy(s ->
          assertThat(s.reason()).contains("compacted before it was profiled"));
      assertThat(rows(f.trips())).hasSize(50);
    }
  }

  private static MaintenanceResult maintain(IngestFixture f, Clock clock) {
    return new TableMaintainer(f.icegate.tables(), f.icegate.engine(), clock).maintain(new MaintenanceRequest(
        List.of("trips"), false, new MaintenanceOptions(null, null, null, null, 2, false, true, false)));
  }

  @Test
  void requestsNameTheirDataset() throws Exception {
    assertThatThrownBy(() -> new ProfileRequest(null, List.of("20261127T070512Z-3f9a1c2b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need the dataset");
    try (IngestFixture f = new IngestFixture(dir)) {
      ProfileResult result = f.icegate.profileBatches().apply(new ProfileRequest("nope", List.of("20261127T070512Z-3f9a1c2b")));
      assertThat(result.skipped()).singleElement().extracting(ProfileResult.Unprofiled::reason).isEqualTo("no dataset 'nope'");
      assertThat(f.icegate.profileBatches().apply(null).profiled()).as("no dataset yet").isEmpty();
    }
  }

  private static Record column(List<Record> profiles, String name) {
    return profiles.stream().filter(p -> p.getField("column_name").equals(name)).findFirst().orElseThrow();
  }
}
