package io.icegate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ODCS quality rules beyond the row checks: sql, missingValues, table-level duplicates, severity, freshness. */
class QualityRulesTest {
  @TempDir Path dir;

  static final String CONTRACT = """
      apiVersion: v3.1.0
      kind: DataContract
      id: urn:icegate:test:rules
      version: 2.0.0
      customProperties:
        - property: icegate.freshness
          value: {column: pickup_ts, maxAge: PT48H}
      schema:
        - name: trips
          properties:
            - name: trip_id
              logicalType: string
              required: true
            - name: pickup_ts
              logicalType: timestamp
              required: true
            - name: fare
              logicalType: number
            - name: payment
              logicalType: string
              quality:
                - id: payment_present
                  metric: missingValues
                  arguments:
                    missingValues: ['', 'N/A']
                  mustBeLessThan: 50
                  unit: percent
                - id: prefer_cards
                  metric: invalidValues
                  arguments:
                    validValues: [card]
                  mustBeLessThan: 1
                  severity: warning
          quality:
            - id: no_huge_fares
              type: sql
              query: SELECT count(*) FROM {object} WHERE fare > 100
              mustBe: 0
            - id: trip_payment_pairs_unique
              metric: duplicateValues
              arguments:
                properties: [trip_id, payment]
              mustBe: 0
      """;

  IngestReport ingest(String name, String csv, Instant now) throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      f.icegate.store().put(IngestFunction.contractKey("trips"), CONTRACT.getBytes(StandardCharsets.UTF_8));
      String key = f.land(name, csv);
      IngestFunction ingest = new IngestFunction(f.icegate.store(), f.icegate.tables(), f.icegate.engine(),
          Clock.fixed(now, ZoneOffset.UTC), IngestLimits.DEFAULTS);
      return ingest.apply(ObjectCreated.of(key));
    }
  }

  static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

  @Test
  void passingRulesCommitAndWarningsDoNotBlock() throws Exception {
    IngestReport r = ingest("ok.csv", """
        trip_id,pickup_ts,fare,payment
        a,2026-11-27T10:00:00Z,10,card
        b,2026-11-27T11:00:00Z,20,cash
        c,2026-11-27T12:00:00Z,30,N/A
        """, NOW);
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(r.checks()).extracting(CheckOutcome::rule, CheckOutcome::passed).contains(
        org.assertj.core.groups.Tuple.tuple("no_huge_fares", true),
        org.assertj.core.groups.Tuple.tuple("trip_payment_pairs_unique", true),
        org.assertj.core.groups.Tuple.tuple("payment_present", true),
        org.assertj.core.groups.Tuple.tuple("prefer_cards", false));
    CheckOutcome missing = r.checks().stream().filter(c -> c.rule().equals("payment_present")).findFirst().orElseThrow();
    assertThat(missing.measured()).startsWith("33.333333%").contains("1 of 3 rows");
    CheckOutcome warning = r.checks().stream().filter(c -> c.rule().equals("prefer_cards")).findFirst().orElseThrow();
    assertThat(warning.severity()).isEqualTo("warning");
    assertThat(warning.measured()).isEqualTo("2 rows");
  }

  @Test
  void failingSqlAndDuplicateRulesQuarantineWithMeasuredValues() throws Exception {
    IngestReport r = ingest("bad.csv", """
        trip_id,pickup_ts,fare,payment
        a,2026-11-27T10:00:00Z,150,card
        a,2026-11-27T11:00:00Z,20,card
        """, NOW);
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.QUARANTINED);
    try (var files = java.nio.file.Files.walk(dir.resolve("warehouse"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet") && p.toString().contains("/datasets/")))
          .as("the file written before the quality rules ran is gone").isEmpty();
    }
    assertThat(r.reasons()).contains(
        "quality rule no_huge_fares failed: sql = 1, expected mustBe 0",
        "quality rule trip_payment_pairs_unique failed: duplicateValues(trip_id, payment) = 1 row, expected mustBe 0");
  }

  @Test
  void staleDataIsQuarantined() throws Exception {
    IngestReport r = ingest("old.csv", """
        trip_id,pickup_ts,fare,payment
        a,2026-11-20T10:00:00Z,10,card
        """, NOW);
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.QUARANTINED);
    assertThat(String.join("\\n", r.reasons())).contains("stale data: newest pickup_ts is 2026-11-20 10:00:00+00")
        .contains("PT48H");
  }
}
