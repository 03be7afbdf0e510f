package io.icegate.ingest;

import static io.icegate.ingest.IngestFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitioningTest {
  @TempDir Path dir;

  @Test
  void uploadsAreSplitIntoOneFilePerPartition() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      String contract = SchemaEvolutionAndRowsModeTest.baseContract() + """
          customProperties:
            - property: icegate.partitioning
              value: [day(pickup_ts), payment]
          """;
      f.icegate.store().put(IngestFunction.contractKey("trips"), contract.getBytes(StandardCharsets.UTF_8));
      IngestReport r = f.upload("p.csv", """
          trip_id,pickup_ts,passenger_count,fare,payment
          a,2026-11-25T23:59:59Z,1,1,card
          b,2026-11-26T00:00:00Z,1,2,card
          c,2026-11-26T12:00:00Z,1,3,cash
          d,2026-11-27T01:00:00+02:00,1,4,card
          e,2026-11-26T05:00:00Z,1,5,
          """);
      assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
      Table t = f.trips();
      assertThat(t.spec().fields()).extracting(pf -> pf.transform().toString()).containsExactly("day", "identity");
      assertThat(t.currentSnapshot().addedDataFiles(t.io())).hasSize(4);
      assertThat(rows(t)).hasSize(5);

      List<String> files = new ArrayList<>();
      int day26 = (int) LocalDate.parse("2026-11-26").toEpochDay();
      try (CloseableIterable<FileScanTask> tasks = t.newScan()
          .filter(Expressions.equal(Expressions.day("pickup_ts"), day26)).planFiles()) {
        tasks.forEach(task -> files.add(task.file().partition().get(0, Integer.class) + "/"
            + task.file().partition().get(1, String.class) + ":" + task.file().recordCount()));
      }
      // d is 2026-11-26T23:00Z in UTC; e has no payment
      assertThat(files).containsExactlyInAnyOrder(day26 + "/card:2", day26 + "/cash:1", day26 + "/null:1");
    }
  }
}
