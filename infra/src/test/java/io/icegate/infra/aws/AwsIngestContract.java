package io.icegate.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Ingest through {@link AwsIcegate} built from an environment, as a Lambda would: uploads and
 * quarantine in an s3proxy bucket, the Iceberg warehouse in the same bucket through S3FileIO, and
 * a JDBC catalog that subclasses choose (SQLite file, PostgreSQL).
 */
abstract class AwsIngestContract {

  static final String GOOD = """
      trip_id,pickup_ts,passenger_count,fare,payment
      t1,2026-11-27T07:00:00Z,1,12.5,card
      t2,2026-11-27 08:00:00,2,7,cash
      t3,2026-11-27T09:00:00+01:00,,3.25,card
      """;

  static S3Server server;
  static S3Client s3;
  String bucket;
  AwsIcegate icegate;
  IngestFunction ingest;

  /** ICEGATE_CATALOG_* keys of the catalog under test. */
  abstract Map<String, String> catalogEnv() throws Exception;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.start();
    s3 = server.client();
  }

  @AfterAll
  static void stopServer() throws Exception {
    s3.close();
    server.close();
  }

  @BeforeEach
  void open() throws Exception {
    bucket = server.newBucket();
    Map<String, String> env = new HashMap<>(server.env());
    env.put(AwsIcegate.BUCKET, bucket);
    env.put(AwsIcegate.WAREHOUSE, "s3://" + bucket + "/warehouse");
    env.putAll(catalogEnv());
    icegate = AwsIcegate.fromEnvironment(env);
    ingest = icegate.ingest();
    try (InputStream in = getClass().getResourceAsStream("/ingest/trips.yaml")) {
      icegate.store().put(IngestFunction.contractKey("trips"), in);
    }
  }

  @AfterEach
  void close() throws IOException {
    java.nio.file.Path tmp = icegate.engine().tempDir();
    icegate.close();
    assertThat(tmp).doesNotExist();
  }

  IngestReport upload(String name, String content) throws IOException {
    String key = "landing/trips/" + name;
    icegate.store().put(ObjectKey.of(key), content.getBytes(StandardCharsets.UTF_8));
    return ingest.apply(ObjectCreated.of(key));
  }

  List<String> bucketKeys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key).toList();
  }

  static List<Record> rows(Table t) throws IOException {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
      it.forEach(r -> out.add(r.copy()));
    }
    return out;
  }

  @Test
  void goodCsvCommitsOneSnapshotWhoseFilesLieInTheBucket() throws IOException {
    IngestReport r = upload("good.csv", GOOD);

    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(r.rowsAccepted()).isEqualTo(3);
    Table t = icegate.tables().dataset("trips").orElseThrow();
    assertThat(t.io()).isInstanceOf(S3FileIO.class);
    assertThat(t.location()).startsWith("s3://" + bucket + "/warehouse/");
    assertThat(t.currentSnapshot().snapshotId()).isEqualTo(r.snapshotId());
    assertThat(t.snapshots()).hasSize(1);
    assertThat(t.currentSnapshot().summary())
        .containsEntry("icegate.batch-id", r.batchId())
        .containsEntry("icegate.source-sha256", r.sha256());
    List<Record> rows = rows(t);
    assertThat(rows).extracting(row -> row.getField("trip_id")).containsExactlyInAnyOrder("t1", "t2", "t3");
    Record t3 = rows.stream().filter(row -> row.getField("trip_id").equals("t3")).findFirst().orElseThrow();
    assertThat(t3.getField("pickup_ts").toString()).isEqualTo("2026-11-27T08:00Z");
    assertThat(t3.getField("passenger_count")).isNull();
    // the data and metadata really are S3 objects of the bucket
    List<String> dataFiles = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      tasks.forEach(task -> dataFiles.add(task.file().location()));
    }
    assertThat(dataFiles).isNotEmpty().allSatisfy(f -> {
      assertThat(f).startsWith("s3://" + bucket + "/warehouse/");
      assertThat(bucketKeys("warehouse/")).contains(f.substring(("s3://" + bucket + "/").length()));
    });
    assertThat(bucketKeys("warehouse/")).anyMatch(k -> k.endsWith(".metadata.json"));
    assertThat(icegate.store().stat(ObjectKey.of("landing/trips/good.csv"))).isEmpty();
    assertThat(bucketKeys(r.archive())).containsExactly(r.archive());
  }

  @Test
  void badCsvIsQuarantinedInTheBucket() throws IOException {
    IngestReport r = upload("bad.csv", """
        trip_id,pickup_ts,passenger_count,fare,payment
        t1,2026-11-27T07:00:00Z,12,12.5,card
        t2,not a time,2,-1,cash
        """);

    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.QUARANTINED);
    assertThat(r.rejectedByReason()).containsKeys("passenger_count: above maximum 9", "fare: below minimum 0");
    assertThat(r.quarantine()).startsWith("quarantine/trips/");
    assertThat(bucketKeys("quarantine/trips/"))
        .contains(r.quarantine() + "report.json", r.quarantine() + "original/bad.csv");
    assertThat(bucketKeys("landing/")).isEmpty();
    assertThat(icegate.tables().dataset("trips").orElseThrow().currentSnapshot()).isNull();
  }

  @Test
  void redeliveryIsADuplicate() throws IOException {
    IngestReport first = upload("a.csv", GOOD);
    IngestReport again = upload("a-again.csv", GOOD);

    assertThat(again.status()).isEqualTo(IngestStatus.DUPLICATE);
    assertThat(again.duplicateOf()).isEqualTo(first.batchId());
    Table t = icegate.tables().dataset("trips").orElseThrow();
    assertThat(t.snapshots()).hasSize(1);
    assertThat(rows(t)).hasSize(3);
  }

  @Test
  void survivesATmpWipedAsAfterASnapStartRestore() throws IOException {
    upload("a.csv", GOOD);
    // a restored instance may not have the snapshot's /tmp: the engine recreates its folder per connection
    deleteTree(icegate.engine().tempDir());

    IngestReport r = upload("b.csv", IngestFixtureTrips.trips("b", 20));

    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(rows(icegate.tables().dataset("trips").orElseThrow())).hasSize(23);
  }

  static void deleteTree(java.nio.file.Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Valid trips CSVs (same shape as the local ingest fixture's). */
  static final class IngestFixtureTrips {
    static String trips(String prefix, int n) {
      StringBuilder b = new StringBuilder("trip_id,pickup_ts,passenger_count,fare,payment\n");
      for (int i = 0; i < n; i++) {
        b.append(prefix).append('-').append(i).append(",2026-11-27T07:").append(String.format("%02d", i % 60))
            .append(":00Z,").append(i % 5).append(',').append(5 + i % 40).append(".25,")
            .append(i % 3 == 0 ? "cash" : "card").append('\n');
      }
      return b.toString();
    }
  }
}
