package io.icegate.aws;

import static io.icegate.aws.LambdaFixture.event;
import static io.icegate.aws.LambdaFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maintenance handler over real schedule events, on S3 (s3proxy) with the warehouse there. */
class MaintainTablesHandlerTest {

  @TempDir Path dir;

  @Test
  void schedulesAndJsonInputsMaintainTheTablesOnS3() throws Exception {
    try (LambdaFixture f = LambdaFixture.onS3(dir, Map.of())) {
      f.ingestSeveral(new IngestHandler(f.runtime));
      Table trips = f.tables().dataset("trips").orElseThrow();
      int snapshots = snapshots(trips);
      MaintainTablesHandler maintain = new MaintainTablesHandler(f.runtime);

      // a dry run of one table, as a schedule's JSON input names it: nothing changes
      JsonNode dry = invoke(maintain, "{\"tables\": [\"trips\"], \"dryRun\": true}".getBytes());
      assertThat(dry.get("dryRun").asBoolean()).isTrue();
      assertThat(dry.get("tables")).hasSize(1);
      assertThat(dry.get("tables").get(0).get("table").asText()).isEqualTo("datasets.trips");
      assertThat(snapshots(trips)).isEqualTo(snapshots);

      // the Scheduler's default notification and a rule's event: every table, for real
      for (String file : List.of("scheduler-default.json", "eventbridge-scheduled-rule.json")) {
        JsonNode result = invoke(maintain, event(file));
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("dryRun").asBoolean()).isFalse();
        List<String> tables = new ArrayList<>();
        result.get("tables").forEach(t -> tables.add(t.get("table").asText()));
        assertThat(tables).contains("datasets.trips", "icegate.ingest_log");
      }
      // the rows are all still there
      assertThat(f.datasetRows("trips")).hasSize(8);

      assertThatThrownBy(() -> invoke(maintain, event("s3-put-several.json")))
          .isInstanceOf(RefusedEventException.class)
          .hasMessageContaining("MaintainTablesHandler cannot read its input as MaintenanceRequest");
    }
  }

  private static int snapshots(Table table) {
    table.refresh();
    List<Object> all = new ArrayList<>();
    table.snapshots().forEach(all::add);
    return all.size();
  }
}
