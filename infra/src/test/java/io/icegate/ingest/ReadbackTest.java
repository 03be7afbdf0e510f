package io.icegate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ingest writes reads back the same through Iceberg's generic reader and through DuckDB over
 * the files Iceberg plans, whatever column order the uploads used.
 */
class ReadbackTest {
  @TempDir Path dir;

  @Test
  void icebergAndDuckDbSeeIdenticalValues() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      assertThat(f.upload("a.csv", IngestFixture.trips("csv", 40)).status()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(f.upload("b.csv", """
          payment,fare,passenger_count,pickup_ts,trip_id
          cash,1.5,3,2026-11-27T23:59:59.123456Z,reordered-1
          card,,0,2026-11-28T00:00:00+05:30,reordered-2
          """).status()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(f.upload("c.jsonl", """
          {"fare": 99.99, "trip_id": "json-1", "payment": "card", "pickup_ts": "2026-11-27T01:02:03Z", "passenger_count": 9}
          {"passenger_count": null, "pickup_ts": "2026-11-27T04:05:06Z", "trip_id": "json-2"}
          """).status()).isEqualTo(IngestStatus.COMMITTED);

      Table t = f.trips();
      List<List<Object>> viaIceberg = new ArrayList<>();
      for (Record r : IngestFixture.rows(t)) {
        OffsetDateTime ts = (OffsetDateTime) r.getField("pickup_ts");
        viaIceberg.add(row(r.getField("trip_id"), ChronoUnit.MICROS.between(java.time.Instant.EPOCH, ts.toInstant()),
            r.getField("passenger_count"), r.getField("fare"), r.getField("payment")));
      }
      List<String> files = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
        tasks.forEach(task -> files.add(Path.of(java.net.URI.create(task.file().location())).toString()));
      }
      assertThat(files).hasSize(3);
      List<List<Object>> viaDuck = new ArrayList<>();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          PreparedStatement ps = c.prepareStatement("SELECT trip_id, epoch_us(pickup_ts), passenger_count, fare, payment"
              + " FROM read_parquet(?::VARCHAR[])")) {
        ps.setObject(1, c.createArrayOf("VARCHAR", files.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            viaDuck.add(row(rs.getString(1), rs.getLong(2), (Long) rs.getObject(3), (Double) rs.getObject(4), rs.getString(5)));
          }
        }
      }
      assertThat(viaDuck).hasSize(44).containsExactlyInAnyOrderElementsOf(viaIceberg);
      assertThat(viaIceberg).contains(
          row("reordered-1", micros("2026-11-27T23:59:59.123456Z"), 3L, 1.5, "cash"),
          row("reordered-2", micros("2026-11-27T18:30:00Z"), 0L, null, "card"),
          row("json-2", micros("2026-11-27T04:05:06Z"), null, null, null));
    }
  }

  private static long micros(String instant) {
    return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.parse(instant));
  }

  private static List<Object> row(Object... values) {
    List<Object> row = new ArrayList<>();
    for (Object v : values) {
      row.add(v);
    }
    assertThat(row).allMatch(v -> v == null || !Objects.equals(v, ""));
    return row;
  }
}
