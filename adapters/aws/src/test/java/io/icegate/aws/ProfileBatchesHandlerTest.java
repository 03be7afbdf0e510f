package io.icegate.aws;

import static io.icegate.aws.LambdaFixture.event;
import static io.icegate.aws.LambdaFixture.invoke;
import static io.icegate.aws.LambdaFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.IcegateFunctions;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's follow-up on AWS, with the warehouse on S3 (s3proxy), so the profiles are read from
 * copies of the S3 data files: after each committed record of an ingest invocation, and as the
 * scheduled catch-up.
 */
class ProfileBatchesHandlerTest {

  @TempDir Path dir;

  @Test
  void ingestProfilesItsCommittedBatchesAndTheScheduleCatchesUpTheRest() throws Exception {
    try (LambdaFixture f = LambdaFixture.onS3(dir, Map.of())) {
      f.ingestSeveral(new IngestHandler(f.runtime));
      Set<String> committed = new TreeSet<>();
      for (Record r : rows(f.tables().ingestLog())) {
        if (IngestStatus.COMMITTED.json().equals(r.getField("status"))) {
          committed.add((String) r.getField("batch_id"));
        }
      }
      assertThat(committed).hasSize(2);
      assertThat(profiledBatches(f)).as("profiled in the ingest invocation").isEqualTo(committed);

      // an upload whose invocation stopped after the commit: the schedule's catch-up profiles it
      f.store().put(ObjectKey.of("landing/trips/late.csv"), ("trip_id,pickup_ts,dropoff_ts,passenger_count,trip_distance,"
          + "fare_amount,payment_type\nlate-1,2026-11-27T23:00:00Z,2026-11-27T23:20:00Z,1,4.1,17.5,card\n").getBytes());
      IngestReport late = (IngestReport) f.runtime.function(IcegateFunctions.INGEST).apply(ObjectCreated.of("landing/trips/late.csv"));
      assertThat(late.status()).as(late.toString()).isEqualTo(IngestStatus.COMMITTED);
      ProfileBatchesHandler handler = new ProfileBatchesHandler(f.runtime);
      JsonNode result = invoke(handler, event("scheduler-default.json"));
      assertThat(result.get("profiled")).hasSize(1);
      assertThat(result.get("profiled").get(0).get("batchId").asText()).isEqualTo(late.batchId());
      assertThat(result.get("profiled").get(0).get("rows").asLong()).isEqualTo(1);
      assertThat(result.get("failed")).isEmpty();
      assertThat(invoke(handler, "{}".getBytes()).get("profiled")).as("nothing left").isEmpty();

      assertThatThrownBy(() -> invoke(handler, event("s3-put-several.json")))
          .isInstanceOf(RefusedEventException.class)
          .hasMessageContaining("ProfileBatchesHandler cannot read its input as ProfileRequest");
    }
  }

  private static Set<String> profiledBatches(LambdaFixture f) {
    Set<String> out = new TreeSet<>();
    rows(f.tables().profiles()).forEach(r -> out.add((String) r.getField("batch_id")));
    return out;
  }
}
