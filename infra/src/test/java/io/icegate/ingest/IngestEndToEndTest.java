package io.icegate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestEndToEndTest {
  @TempDir Path dir;
  LocalIcegate icegate;
  ObjectStore store;
  IngestFunction ingest;

  @BeforeEach
  void setUp() throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(dir));
    store = icegate.store();
    ingest = icegate.ingest();
    try (InputStream in = getClass().getResourceAsStream("/ingest/trips.yaml")) {
      store.put(ObjectKey.of("config/contracts/trips.yaml"), in);
    }
  }

  @AfterEach
  void tearDown() throws IOException {
    icegate.close();
  }

  IngestReport upload(String name, String content) throws IOException {
    String key = "landing/trips/" + name;
    store.put(ObjectKey.of(key), content.getBytes(StandardCharsets.UTF_8));
    return ingest.apply(ObjectCreated.of(key));
  }

  static final String GOOD = """
      trip_id,pickup_ts,passenger_count,fare,payment
      t1,2026-11-27T07:00:00Z,1,12.5,card
      t2,2026-11-27 08:00:00,2,7,cash
      t3,2026-11-27T09:00:00+01:00,,3.25,card
      """;

  @Test
  void goodUploadBecomesOneSnapshotWithLineage() throws IOException {
    IngestReport r = upload("good.csv", GOOD);
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(r.rowsIn()).isEqualTo(3);
    assertThat(r.rowsAccepted()).isEqualTo(3);
    assertThat(r.snapshotId()).isNotNull();
    Table t = icegate.tables().dataset("trips").orElseThrow();
    Snapshot s = t.currentSnapshot();
    assertThat(s.snapshotId()).isEqualTo(r.snapshotId());
    assertThat(s.summary()).containsEntry("icegate.batch-id", r.batchId())
        .containsEntry("icegate.source-sha256", r.sha256())
        .containsEntry("icegate.contract-version", "1.0.0");
    List<Record> rows = rows(t);
    assertThat(rows).hasSize(3);
    Record t3 = rows.stream().filter(row -> row.getField("trip_id").equals("t3")).findFirst().orElseThrow();
    assertThat(t3.getField("passenger_count")).isNull();
    assertThat(t3.getField("pickup_ts").toString()).isEqualTo("2026-11-27T08:00Z");
    assertThat(rows).extracting(row -> row.getField("trip_id")).containsExactlyInAnyOrder("t1", "t2", "t3");
    assertThat(store.stat(ObjectKey.of("landing/trips/good.csv"))).isEmpty();

    assertThat(store.stat(ObjectKey.of(r.archive()))).isPresent();
  }

  @Test
  void badUploadIsQuarantinedWithReport() throws IOException {
    IngestReport r = upload("bad.csv", """
        trip_id,pickup_ts,passenger_count,fare,payment
        t1,2026-11-27T07:00:00Z,12,12.5,card
        t2,not a time,2,-1,cash
        t2,2026-11-27T07:00:00Z,2,1,bitcoin
        """);
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.QUARANTINED);
    assertThat(r.rowsIn()).isEqualTo(3);
    assertThat(r.rowsRejected()).isEqualTo(3);
    assertThat(r.rejectedByReason()).containsKeys("passenger_count: above maximum 9",
        "pickup_ts: not a valid timestamp", "fare: below minimum 0", "trip_id: duplicate value in unique column");
    assertThat(store.list(r.quarantine())).extracting(i -> i.key().value())
        .contains(r.quarantine() + "report.json", r.quarantine() + "rejected.jsonl",
            r.quarantine() + "original/bad.csv");
    assertThat(icegate.tables().dataset("trips").orElseThrow().currentSnapshot()).isNull();
    String rejected = new String(store.readAllBytes(ObjectKey.of(r.quarantine() + "rejected.jsonl")));
    System.out.println(rejected);
    System.out.println(new String(store.readAllBytes(ObjectKey.of(r.quarantine() + "report.json"))));
  }

  @Test
  void redeliveryIsDuplicate() throws IOException {
    IngestReport first = upload("a.csv", GOOD);
    IngestReport again = upload("b.csv", GOOD);
    assertThat(again.status()).isEqualTo(IngestStatus.DUPLICATE);
    assertThat(again.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(again.duplicateOf()).isEqualTo(first.batchId());
    Table t = icegate.tables().dataset("trips").orElseThrow();
    assertThat(rows(t)).hasSize(3);
    // the duplicate was validated while its hash was computed: what it wrote is gone again
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(t.location().replaceFirst("^file:", ""), "data"))) {
      assertThat(files).hasSize(1);
    }

    // a duplicate is a duplicate even where the contract would now refuse it
    store.put(IngestFunction.contractKey("trips"), "not: [a contract".getBytes(StandardCharsets.UTF_8));
    IngestReport third = upload("c.csv", GOOD);
    assertThat(third.status()).as(third.toString()).isEqualTo(IngestStatus.DUPLICATE);
    assertThat(third.reasons()).singleElement().asString().startsWith("same content as batch " + first.batchId());
  }

  @Test
  void jsonLinesWithReorderedKeysAndMalformedLine() throws IOException {
    IngestReport r = upload("events.jsonl", """
        {"payment":"card","fare":12.5,"trip_id":"j1","pickup_ts":"2026-11-27T07:00:00Z","passenger_count":1}
        {"trip_id":"j2","pickup_ts":"2026-11-27T07:05:00Z","fare":"3"}
        {"trip_id":"j3", broken
        """);
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.QUARANTINED);
    assertThat(r.rowsIn()).isEqualTo(3);
    assertThat(r.rejectedByReason()).containsKey("malformed JSON");
    String rejected = new String(store.readAllBytes(ObjectKey.of(r.quarantine() + "rejected.jsonl")));
    assertThat(rejected).contains("\"line\":3");
  }

  @Test
  void parquetUploadWithColumnsInAnotherOrder() throws Exception {
    Path file = dir.resolve("in.parquet");
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
      s.execute("COPY (SELECT 'card' AS payment, 4.5::DOUBLE AS fare, 'p1' AS trip_id,"
          + " TIMESTAMPTZ '2026-11-27 07:00:00+00' AS pickup_ts, 2::BIGINT AS passenger_count) TO '"
          + file + "' (FORMAT PARQUET)");
    }
    store.put(ObjectKey.of("landing/trips/in.parquet"), file);
    IngestReport r = ingest.apply(ObjectCreated.of("landing/trips/in.parquet"));
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
    Record row = rows(icegate.tables().dataset("trips").orElseThrow()).get(0);
    assertThat(row.getField("trip_id")).isEqualTo("p1");
    assertThat(row.getField("fare")).isEqualTo(4.5);
    assertThat(row.getField("passenger_count")).isEqualTo(2L);
    assertThat(row.getField("payment")).isEqualTo("card");
  }

  static List<Record> rows(Table t) throws IOException {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
      it.forEach(r -> out.add(r.copy()));
    }
    return out;
  }
}
