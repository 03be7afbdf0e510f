package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.IcegateFunctions;
import io.icegate.infra.config.IcegateHome;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.Json;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectStore;
import java.nio.file.Path;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.function.context.FunctionRegistration;

class LocalRuntimeTest {
  @TempDir Path dir;

  @Test
  void theCatalogCallsTheIngestBeanWithTheEventAndReturnsItsReportUnchanged() throws Exception {
    try (LocalRuntime runtime = LocalRuntime.start(new IcegateHome(dir))) {
      ObjectStore store = runtime.icegate().store();
      new ContractStore(store, runtime.icegate().tables()).put(DemoData.contract().yaml(), "trips.yaml", null);

      Object bean = runtime.context().getBean(IcegateFunctions.INGEST, FunctionRegistration.class).getTarget();
      // the ingest function, instrumented: the registration's target is what the catalog calls
      assertThat(bean).isInstanceOf(java.util.function.Function.class);
      assertThat(runtime.ingestWrapper().getTarget()).isSameAs(bean);

      ObjectInfo landed = store.put(Landing.key("trips", "good.csv"), DemoData.csv(DemoData.GOOD, "R"));
      ObjectCreated event = Landing.event(landed);
      Object out = runtime.ingestWrapper().apply(event);
      assertThat(out).isInstanceOf(IngestReport.class);
      IngestReport report = (IngestReport) out;
      assertThat(report.status()).as(report.toString()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(report.key()).isEqualTo(event.key());
      assertThat(report.etag()).isEqualTo(event.etag());
      // the bean logged the report it returned: the catalog handed back exactly that
      assertThat(logged(runtime, report.batchId())).isEqualTo(report);

      // a redelivery is recognised by key + etag, so the event's fields reached the bean intact
      IngestReport redelivered = runtime.ingest().apply(event);
      assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(IngestStatus.DUPLICATE);
      assertThat(redelivered.duplicateOf()).isEqualTo(report.batchId());

      // and the bean called directly answers the same way as through the catalog
      @SuppressWarnings("unchecked")
      IngestReport direct = ((java.util.function.Function<ObjectCreated, IngestReport>) bean).apply(event);
      assertThat(direct).usingRecursiveComparison()
          .ignoringFields("batchId", "startedAt", "millis").isEqualTo(redelivered);
    }
  }

  @Test
  void theCatalogHasTheApiAndTheShadowComparison() throws Exception {
    try (LocalRuntime runtime = LocalRuntime.start(new IcegateHome(dir))) {
      io.icegate.api.HttpResponse unauthenticated = runtime.api().apply(
          io.icegate.api.HttpRequest.builder("GET", "/v1/models").build());
      assertThat(unauthenticated.status()).isEqualTo(401);

      var catalog = runtime.context().getBean(org.springframework.cloud.function.context.FunctionCatalog.class);
      var compare = catalog.<java.util.function.Function<Object, Object>>lookup(IcegateFunctions.COMPARE_SHADOW);
      assertThat(compare).isNotNull();
      // a schedule's JSON payload binds to the request; the model has no policy, so it is refused by name
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> compare.apply(
              org.springframework.messaging.support.MessageBuilder.withPayload(
                  "{\"model\": \"churn\", \"variant\": \"shadow\", \"from\": \"2026-03-01T00:00:00Z\","
                      + " \"to\": \"2026-03-02T00:00:00Z\"}").build()))
          .isInstanceOf(io.icegate.gate.GateException.class)
          .hasMessageContaining("model 'churn' has no gate policy");
    }
  }

  @Test
  void theLocalNotifierWiresNotificationsAndTheEmptyScanRequestFindsNothingDue() throws Exception {
    try (LocalRuntime runtime = LocalRuntime.start(new IcegateHome(dir))) {
      assertThat(runtime.context().getBean(io.icegate.notify.Notifications.class)).isNotNull();
      var catalog = runtime.context().getBean(org.springframework.cloud.function.context.FunctionCatalog.class);
      var scan = catalog.<java.util.function.Function<Object, Object>>lookup(IcegateFunctions.SCAN_DRIFT);
      // a schedule's empty JSON payload is the scheduled scan: no policies, so nothing is due
      Object out = scan.apply(org.springframework.messaging.support.MessageBuilder.withPayload("{}").build());
      assertThat(Json.MAPPER.readTree(out instanceof org.springframework.messaging.Message<?> m
          ? (byte[]) m.getPayload() : Json.MAPPER.writeValueAsBytes(out)).get("scans")).isEmpty();
    }
  }

  static IngestReport logged(LocalRuntime runtime, String batchId) throws Exception {
    try (CloseableIterable<Record> rows = IcebergGenerics.read(runtime.icegate().tables().ingestLog())
        .where(Expressions.equal("batch_id", batchId)).build()) {
      return Json.MAPPER.readValue((String) rows.iterator().next().getField("report"), IngestReport.class);
    }
  }
}
