package io.icegate.aws;

import static io.icegate.aws.LambdaFixture.event;
import static io.icegate.aws.LambdaFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.gate.GateException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift-scan and shadow handlers over real EventBridge Scheduler and rule events. */
class ScheduledHandlersTest {

  @TempDir Path dir;
  LambdaFixture f;

  @BeforeEach
  void start() {
    f = LambdaFixture.start(dir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void theSchedulersDefaultNotificationAndARuleEventAreTheScheduledScan() throws Exception {
    ScanDriftHandler scan = new ScanDriftHandler(f.runtime);
    for (String file : new String[] {"scheduler-default.json", "eventbridge-scheduled-rule.json"}) {
      JsonNode summary = invoke(scan, event(file));
      // no policy has a monitor yet: nothing is due, nothing failed
      assertThat(summary.get("scans")).as(file).isEmpty();
      assertThat(summary.get("failures")).as(file).isEmpty();
    }
  }

  @Test
  void aSchedulesJsonInputNamesTheMonitor() {
    // bound to ScanRequest and handed to the bean, which looks for the named model's policy
    assertThatThrownBy(() -> invoke(new ScanDriftHandler(f.runtime), event("scheduler-input-scan.json")))
        .hasMessageContaining("model 'churn' has no policy at config/policies/churn.yaml");
  }

  @Test
  void theShadowComparisonBindsItsRequest() {
    CompareShadowHandler compare = new CompareShadowHandler(f.runtime);
    byte[] request = ("{\"model\": \"churn\", \"variant\": \"shadow\", \"from\": \"2026-11-26T00:00:00Z\","
        + " \"to\": \"2026-11-27T00:00:00Z\"}").getBytes();
    assertThatThrownBy(() -> invoke(compare, request))
        .isInstanceOf(GateException.class).hasMessageContaining("model 'churn' has no gate policy");
  }

  @Test
  void foreignEventsAreRefusedNotBound() {
    ScanDriftHandler scan = new ScanDriftHandler(f.runtime);
    assertThatThrownBy(() -> invoke(scan, event("s3-put-several.json")))
        .isInstanceOf(RefusedEventException.class)
        .hasMessageContaining("ScanDriftHandler cannot read its input as ScanRequest").hasMessageContaining("Records");
    assertThatThrownBy(() -> invoke(scan, event("eventbridge-s3-object-created.json")))
        .isInstanceOf(RefusedEventException.class).hasMessageContaining("from aws.s3 (Object Created)");
    assertThatThrownBy(() -> invoke(scan, event("function-url-register-base64.json")))
        .isInstanceOf(RefusedEventException.class).hasMessageContaining("rawPath");
    assertThatThrownBy(() -> invoke(new CompareShadowHandler(f.runtime), event("scheduler-input-scan.json")))
        .isInstanceOf(RefusedEventException.class).hasMessageContaining("ShadowRequest").hasMessageContaining("monitor");
  }
}
