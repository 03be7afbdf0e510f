package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.IcegateFunctions;
import io.icegate.infra.config.IcegateHome;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maintainTables bean as a schedule calls it (JSON through the catalog), and serve's background runs. */
class ScheduledMaintenanceTest {
  @TempDir Path dir;

  @Test
  void aScheduleJsonPayloadBindsToTheRequestAndServeRunsMaintenanceInTheBackground() throws Exception {
    try (LocalRuntime runtime = LocalRuntime.start(new IcegateHome(dir))) {
      new ContractStore(runtime.icegate().store(), runtime.icegate().tables())
          .put(DemoData.contract().yaml(), "trips.yaml", null);
      for (int i = 0; i < 5; i++) {
        var landed = runtime.icegate().store().put(Landing.key("trips", "u" + i + ".csv"),
            DemoData.csv(DemoData.GOOD, "M" + i));
        IngestReport r = runtime.ingest().apply(Landing.event(landed));
        assertThat(r.status()).isEqualTo(IngestStatus.COMMITTED);
        // ingest's follow-up, as every verb runs it: compaction leaves unprofiled batches alone
        assertThat(runtime.profileBatches().apply(ProfileRequest.after(r)).profiled()).hasSize(1);
      }
      var catalog = runtime.context().getBean(FunctionCatalog.class);
      Function<Object, Object> maintain = catalog.lookup(IcegateFunctions.MAINTAIN_TABLES);
      Object out = maintain.apply(MessageBuilder.withPayload(
          "{\"tables\": [\"trips\"], \"dryRun\": true, \"overrides\": {\"retainLast\": 3}}").build());
      JsonNode plan = Json.MAPPER.readTree(out instanceof Message<?> m
          ? (byte[]) m.getPayload() : Json.MAPPER.writeValueAsBytes(out));
      assertThat(plan.get("dryRun").asBoolean()).isTrue();
      assertThat(plan.get("options").get("retainLast").asInt()).isEqualTo(3);
      assertThat(plan.get("options").get("retentionHours").asLong()).isEqualTo(168);
      assertThat(plan.get("tables").get(0).get("compaction").get("filesAfter").asInt()).isEqualTo(1);

      StringWriter text = new StringWriter();
      Output output = new Output(new PrintWriter(text, true), new PrintWriter(new StringWriter(), true), false, false);
      try (ScheduledMaintenance scheduled = new ScheduledMaintenance(runtime, output, Duration.ofMillis(50),
          Duration.ofHours(1))) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!text.toString().contains("maintenance:") && System.nanoTime() < until) {
          Thread.sleep(100);
        }
      }
      assertThat(text.toString()).containsPattern(
          "maintenance: 3 tables, 15 small files compacted into 3, 0 snapshots expired, 0 orphan files removed");
      assertThat(runtime.icegate().tables().dataset("trips").orElseThrow().currentSnapshot().operation())
          .isEqualTo("replace");
    }
  }
}
