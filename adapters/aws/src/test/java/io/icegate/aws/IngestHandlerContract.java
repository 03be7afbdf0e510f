package io.icegate.aws;

import static io.icegate.aws.LambdaFixture.event;
import static io.icegate.aws.LambdaFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.Json;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest handler over real S3 and SQS event files, real Iceberg tables and quarantine: over an
 * icegate home ({@link IngestHandlerLocalTest}) and as deployed, on S3 (s3proxy) with S3FileIO ({@link IngestHandlerS3Test}).
 */
abstract class IngestHandlerContract {

  static final String MORNING = "landing/trips/2026-11-27 morning été.csv";
  static final String EVENING = "landing/trips/evening+late (2).csv";
  static final String BAD = "landing/trips/bad passengers.csv";

  @TempDir Path dir;
  LambdaFixture f;
  IngestHandler handler;
  final Map<String, ObjectInfo> uploaded = new java.util.HashMap<>();

  /** The fixture under test. */
  abstract LambdaFixture fixture(Path dir) throws Exception;

  @BeforeEach
  void start() throws Exception {
    f = fixture(dir);
    f.contract("trips");
    handler = new IngestHandler(f.runtime);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  void uploadAll() throws Exception {
    uploaded.put(MORNING, f.upload(MORNING, "uploads/trips-morning.csv"));
    uploaded.put(EVENING, f.upload(EVENING, "uploads/trips-evening.csv"));
    uploaded.put(BAD, f.upload(BAD, "uploads/trips-bad.csv"));
  }

  @Test
  void aDirectS3EventWithEncodedKeysIngestsEveryRecord() throws Exception {
    uploadAll();
    JsonNode out = invoke(handler, event("s3-put-several.json"));

    List<JsonNode> records = list(out.get("records"));
    assertThat(records).extracting(r -> r.get("key").asText()).containsExactly(MORNING, EVENING, BAD);
    assertThat(records).extracting(r -> r.get("status").asText()).containsExactly("committed", "committed", "quarantined");
    assertThat(tripIds()).containsExactlyInAnyOrder("m-001", "m-002", "m-003", "m-004", "m-005", "e-001", "e-002", "e-003");
    // the bad upload is in quarantine with its report, not in the table
    String quarantine = records.get(2).get("quarantine").asText();
    IngestReport report = Json.MAPPER.readValue(f.store().readAllBytes(ObjectKey.of(quarantine + "report.json")), IngestReport.class);
    assertThat(report.key()).isEqualTo(BAD);
    assertThat(report.rowsRejected()).isEqualTo(3);
    assertThat(f.store().stat(ObjectKey.of(BAD))).isEmpty();
  }

  @Test
  void aRetriedS3EventCostsNothing() throws Exception {
    uploadAll();
    invoke(handler, event("s3-put-several.json"));
    long snapshot = f.tables().dataset("trips").orElseThrow().currentSnapshot().snapshotId();

    // Lambda retries an async event whole; the local store's etags stand in for S3's in the event
    JsonNode retried = invoke(handler, withLocalEtags(LambdaFixture.eventTree("s3-put-several.json")));
    assertThat(list(retried.get("records"))).extracting(r -> r.get("status").asText())
        .containsExactly("duplicate", "duplicate", "quarantined");
    f.tables().dataset("trips").orElseThrow().refresh();
    assertThat(f.tables().dataset("trips").orElseThrow().currentSnapshot().snapshotId()).isEqualTo(snapshot);
    assertThat(tripIds()).hasSize(8);
  }

  @Test
  void anSqsBatchReportsOnlyTheFailedMessages() throws Exception {
    uploadAll();
    JsonNode batch = LambdaFixture.eventTree("sqs-s3-batch.json");
    JsonNode out = invoke(handler, event("sqs-s3-batch.json"));

    // 1 committed, 2 committed + quarantined, 3 s3:TestEvent, 4 an object that is not there (failed),
    // 5 another bucket (refused), 6 a key outside landing/ (skipped)
    assertThat(out.fieldNames()).toIterable().containsExactly("batchItemFailures");
    assertThat(list(out.get("batchItemFailures"))).extracting(r -> r.get("itemIdentifier").asText())
        .containsExactly(batch.get("Records").get(3).get("messageId").asText(),
            batch.get("Records").get(4).get("messageId").asText());
    assertThat(tripIds()).hasSize(8);
    assertThat(f.store().stat(ObjectKey.of(BAD))).isEmpty();

    // SQS redelivers a message whose delete was lost: a duplicate, not a failure
    JsonNode again = invoke(handler, withLocalEtags(LambdaFixture.eventTree("sqs-s3-one.json")));
    assertThat(again.get("batchItemFailures")).isEmpty();
    assertThat(tripIds()).hasSize(8);
  }

  @Test
  void aFailedRecordOfADirectEventFailsTheInvocationAfterTheOthersAreIngested() throws Exception {
    f.upload(MORNING, "uploads/trips-morning.csv");
    JsonNode event = LambdaFixture.eventTree("s3-put-several.json");
    // the morning upload is there, the evening and bad ones are not: the invocation throws so Lambda retries
    assertThatThrownBy(() -> invoke(handler, event))
        .isInstanceOf(IngestFailedException.class)
        .hasMessageContaining("2 of 3 records failed")
        .hasMessageContaining(EVENING)
        .hasMessageContaining("does not exist");
    assertThat(tripIds()).hasSize(5);
  }

  @Test
  void aRecordOfAnotherBucketIsRefused() throws Exception {
    f.upload(MORNING, "uploads/trips-morning.csv");
    assertThatThrownBy(() -> invoke(handler, event("s3-put-foreign-bucket.json")))
        .isInstanceOf(IngestFailedException.class)
        .hasMessageContaining("bucket someone-elses-bucket is not " + LambdaFixture.BUCKET);
    // nothing was read from our bucket under that name
    assertThat(f.store().stat(ObjectKey.of(MORNING))).isPresent();
    assertThat(f.tables().dataset("trips")).isEmpty();
  }

  @Test
  void eventsOfOtherTypesAreRefusedNotBound() throws Exception {
    f.upload(MORNING, "uploads/trips-morning.csv");
    assertThatThrownBy(() -> invoke(handler, event("function-url-register-base64.json")))
        .isInstanceOf(RefusedEventException.class)
        .hasMessageContaining("IngestHandler takes an SQS event of S3 notifications or an S3 event")
        .hasMessageContaining("rawPath");
    assertThatThrownBy(() -> invoke(handler, event("eventbridge-s3-object-created.json")))
        .isInstanceOf(RefusedEventException.class)
        .hasMessageContaining("detail-type");
    assertThatThrownBy(() -> invoke(handler, event("scheduler-default.json")))
        .isInstanceOf(RefusedEventException.class);
    assertThatThrownBy(() -> invoke(handler, "not json".getBytes()))
        .isInstanceOf(RefusedEventException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> invoke(handler, "[]".getBytes()))
        .isInstanceOf(RefusedEventException.class).hasMessageContaining("JSON object");
    assertThat(f.tables().dataset("trips")).isEmpty();
  }

  @Test
  void theS3TestEventIsIgnored() throws Exception {
    JsonNode test = LambdaFixture.JSON.readTree(
        LambdaFixture.eventTree("sqs-s3-batch.json").get("Records").get(2).get("body").asText());
    assertThat(invoke(handler, test).get("records")).isEmpty();
  }

  Set<String> tripIds() {
    return f.datasetRows("trips").stream().map(r -> (String) r.getField("trip_id")).collect(Collectors.toSet());
  }

  /** The event with each record's eTag replaced by the local store's etag of that upload. */
  JsonNode withLocalEtags(JsonNode event) throws Exception {
    for (JsonNode r : event.get("Records")) {
      if (r.has("body")) {
        JsonNode body = withLocalEtags(LambdaFixture.JSON.readTree(r.get("body").asText()));
        ((ObjectNode) r).put("body", LambdaFixture.JSON.writeValueAsString(body));
      } else {
        ObjectNode object = (ObjectNode) r.get("s3").get("object");
        ObjectInfo info = uploaded.get(S3Notification.decodeKey(object.get("key").asText()));
        if (info == null) {
          info = uploaded.computeIfAbsent(MORNING, k -> null);
        }
        object.put("eTag", info.etag());
      }
    }
    return event;
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }
}
