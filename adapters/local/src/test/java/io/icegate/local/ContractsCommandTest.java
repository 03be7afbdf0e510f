package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractsCommandTest {
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir.resolve("home"));
  }

  @Test
  void checkAcceptsTheSampleContract() throws IOException {
    Path contract = Fixtures.contract(dir);
    Cli.Run run = cli().run("contracts", "check", contract.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("valid (contract urn:icegate:samples:trips 1.0.0)").contains("trips: 7 columns");
  }

  @Test
  void checkListsEveryProblemWithItsLine() throws IOException {
    Path bad = Fixtures.write(dir.resolve("bad.yaml"), """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:test:bad
        version: 1.0.0
        schema:
          - name: trips
            properties:
              - name: trip_id
                logicalType: strin
              - name: fare
                logicalType: number
                requird: true
        """);
    Cli.Run run = cli().run("contracts", "check", bad.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains(bad + ":9:").contains(bad + ":12:").contains("2 problems");

    JsonNode json = cli().run("--json", "contracts", "check", bad.toString()).json();
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("problems")).hasSize(2);
    assertThat(json.get("problems").get(0).get("line").asInt()).isEqualTo(9);
    assertThat(json.get("problems").get(0).get("path").asText()).isEqualTo("schema[0].properties[0].logicalType");
    assertThat(json.get("problems").get(1).get("line").asInt()).isEqualTo(12);
  }

  @Test
  void checkSurfacesUnsupportedPhysicalTypes() throws IOException {
    Path bad = Fixtures.write(dir.resolve("types.yaml"), """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:test:types
        version: 1.0.0
        schema:
          - name: trips
            properties:
              - name: trip_id
                logicalType: string
              - name: fare
                logicalType: number
                physicalType: money
        """);
    Cli.Run run = cli().run("contracts", "check", bad.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains(bad + ":10 schema[0].properties[1].physicalType: property 'fare'")
        .contains("physicalType 'money' is not supported");
  }

  @Test
  void checkOfMissingFileIsAUsageError() {
    Cli.Run run = cli().run("contracts", "check", dir.resolve("nope.yaml").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no such file");
  }

  @Test
  void putStoresListsShowsAndRefusesBreakingChanges() throws IOException {
    Path contract = Fixtures.contract(dir);
    Cli.Run put = cli().run("contracts", "put", contract.toString());
    assertThat(put.exit()).as(put.toString()).isZero();
    assertThat(put.out()).contains("stored contract urn:icegate:samples:trips 1.0.0 for dataset trips")
        .contains("the first ingest creates its table");
    assertThat(dir.resolve("home/objects/config/contracts/trips.yaml")).exists();

    assertThat(cli().run("contracts", "list").out()).contains("trips").contains("1.0.0");
    assertThat(cli().run("contracts", "show", "trips").out()).contains("id: urn:icegate:samples:trips");
    assertThat(cli().run("contracts", "show", "nope").exit()).isEqualTo(1);

    Path csv = Fixtures.csv(dir, "good.csv", DemoData.GOOD, "T1");
    assertThat(cli().run("ingest", csv.toString(), "--dataset", "trips").exit()).isZero();

    // dropping a column and making another one required would break the table's rows
    String breaking = DemoData.contract().yaml()
        .replace("version: 1.0.0", "version: 2.0.0")
        .replaceAll("(?s)      - name: dropoff_ts.*?(      - name: passenger_count)", "$1")
        .replace("description: Distance in miles reported by the meter.",
            "description: Distance in miles reported by the meter.\n        required: true");
    Path v2 = Fixtures.write(dir.resolve("v2/trips.yaml"), breaking);
    Cli.Run refused = cli().run("--json", "contracts", "put", v2.toString());
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    JsonNode json = refused.json();
    assertThat(json.get("stored").asBoolean()).isFalse();
    assertThat(json.get("breaking").toString()).contains("drops column 'dropoff_ts'")
        .contains("makes column 'trip_distance' required");
    assertThat(cli().run("contracts", "show", "trips").out()).contains("version: 1.0.0");

    // an added optional column is a compatible change, applied by the next ingest
    String compatible = DemoData.contract().yaml().replace("version: 1.0.0", "version: 1.1.0")
        .replace("    quality:\n      - id: trips_not_empty",
            "      - name: tip_amount\n        logicalType: number\n    quality:\n      - id: trips_not_empty");
    Cli.Run accepted = cli().run("contracts", "put", Fixtures.write(dir.resolve("v11/trips.yaml"), compatible).toString());
    assertThat(accepted.exit()).as(accepted.toString()).isZero();
    assertThat(accepted.out()).contains("(replaces version 1.0.0)").contains("add optional column 'tip_amount'");
  }

  @Test
  void putOfSeveralObjectsNeedsADataset() throws IOException {
    Path two = Fixtures.write(dir.resolve("two.yaml"), """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:test:two
        version: 1.0.0
        schema:
          - name: trips
            properties:
              - name: trip_id
                logicalType: string
          - name: zones
            properties:
              - name: zone_id
                logicalType: integer
        """);
    Cli.Run run = cli().run("contracts", "put", two.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("2 schema objects (trips, zones): name the dataset with --dataset");
    assertThat(cli().run("contracts", "put", two.toString(), "--dataset", "zones").exit()).isZero();
    assertThat(dir.resolve("home/objects/config/contracts/zones.yaml")).exists();
  }
}
