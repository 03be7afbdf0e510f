package io.icegate.ingest;

import static io.icegate.ingest.IngestFixture.rows;
import static io.icegate.ingest.IngestFixture.trips;
import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaEvolutionAndRowsModeTest {
  @TempDir Path dir;

  static String baseContract() throws IOException {
    try (InputStream in = SchemaEvolutionAndRowsModeTest.class.getResourceAsStream("/ingest/trips.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void storeContract(IngestFixture f, String yaml) throws IOException {
    f.icegate.store().put(IngestFunction.contractKey("trips"), yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void addingAnOptionalColumnEvolvesTheTable() throws IOException {
    try (IngestFixture f = new IngestFixture(dir)) {
      assertThat(f.upload("v1.csv", trips("a", 5)).status()).isEqualTo(IngestStatus.COMMITTED);
      storeContract(f, baseContract().replace("version: 1.0.0", "version: 1.1.0").replace(
          "      - name: payment\n",
          "      - name: tip\n        logicalType: number\n      - name: payment\n"));
      IngestReport r = f.upload("v2.csv", """
          trip_id,pickup_ts,passenger_count,fare,tip,payment
          b-1,2026-11-27T10:00:00Z,1,10,2.5,card
          """);
      assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(r.contractVersion()).isEqualTo("1.1.0");
      assertThat(f.trips().schema().findField("tip").type()).isEqualTo(Types.DoubleType.get());
      assertThat(rows(f.trips())).hasSize(6)
          .filteredOn(row -> row.getField("trip_id").equals("b-1"))
          .extracting(row -> row.getField("tip")).containsExactly(2.5);
      assertThat(rows(f.trips()).stream().filter(row -> row.getField("tip") == null).count()).isEqualTo(5);
    }
  }

  @Test
  void breakingContractChangesAreRefusedWithTheReason() throws IOException {
    try (IngestFixture f = new IngestFixture(dir)) {
      f.upload("v1.csv", trips("a", 5));
      String base = baseContract();
      assertBreaking(f, base.replace("        logicalType: number\n        logicalTypeOptions:\n          minimum: 0",
          "        logicalType: integer\n        logicalTypeOptions:\n          minimum: 0"),
          "changes column 'fare' from double to long");
      assertBreaking(f, base.replace("      - name: passenger_count\n        logicalType: integer\n",
          "      - name: passenger_count\n        logicalType: integer\n        required: true\n"),
          "makes column 'passenger_count' required");
      assertBreaking(f, base.substring(0, base.indexOf("      - name: payment")) + base.substring(base.indexOf("    quality:\n      - metric: rowCount")),
          "drops column 'payment'");
      assertThat(f.trips().snapshots()).hasSize(1);
    }
  }

  private static void assertBreaking(IngestFixture f, String contract, String reason) throws IOException {
    storeContract(f, contract);
    IngestReport r = f.upload("x-" + reason.hashCode() + ".csv", trips("x" + reason.hashCode(), 3));
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.QUARANTINED);
    assertThat(String.join("\n", r.reasons())).contains(reason);
  }

  static final String ROWS_MODE = """
      customProperties:
        - property: icegate.rejectMode
          value: rows
        - property: icegate.maxRejectedPercent
          value: 10
      """;

  @Test
  void rowsModeCommitsGoodRowsAndQuarantinesTheRest() throws IOException {
    try (IngestFixture f = new IngestFixture(dir)) {
      storeContract(f, baseContract() + ROWS_MODE);
      String good = trips("r", 19);
      IngestReport r = f.upload("mixed.csv", good + "bad-1,2026-11-27T07:00:00Z,42,1,card\n");
      assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(r.rowsIn()).isEqualTo(20);
      assertThat(r.rowsAccepted()).isEqualTo(19);
      assertThat(r.rowsRejected()).isEqualTo(1);
      assertThat(rows(f.trips())).hasSize(19).noneMatch(row -> row.getField("trip_id").equals("bad-1"));
      String rejected = new String(f.icegate.store().readAllBytes(ObjectKey.of(r.quarantine() + "rejected.jsonl")));
      assertThat(rejected).contains("bad-1").contains("passenger_count: above maximum 9");
      assertThat(f.icegate.store().stat(ObjectKey.of(r.quarantine() + "report.json"))).isPresent();
      assertThat(f.trips().currentSnapshot().summary()).containsEntry("icegate.rows-rejected", "1");
    }
  }

  @Test
  void rowsModeQuarantinesTheWholeUploadAboveTheLimit() throws IOException {
    try (IngestFixture f = new IngestFixture(dir)) {
      storeContract(f, baseContract() + ROWS_MODE);
      StringBuilder csv = new StringBuilder(trips("s", 15));
      for (int i = 0; i < 5; i++) {
        csv.append("bad-").append(i).append(",2026-11-27T07:00:00Z,1,-5,card\n");
      }
      IngestReport r = f.upload("mostly-bad.csv", csv.toString());
      assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.QUARANTINED);
      assertThat(r.reasons()).anyMatch(s -> s.contains("5 of 20 records (25.00%)") && s.contains("maxRejectedPercent 10"));
      assertThat(r.rowsRejected()).isEqualTo(20);
      assertThat(f.trips().currentSnapshot()).isNull();
    }
  }
}
