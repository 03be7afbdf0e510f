package io.icegate.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.IcegateFunctions;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileBatches;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the {@code ingest} function. Takes the deployed path, an SQS event whose
 * message bodies are S3 notifications (answering with the ids of failed messages only, for
 * ReportBatchItemFailures), and a direct S3 event (asynchronous invoke: any failed record makes the
 * invocation fail, so Lambda retries it and then dead-letters it; records already ingested come
 * back {@code duplicate}, so a retry costs nothing). The committed batches' column profiles
 * ({@code profileBatches}) follow in the same invocation, after every record's rows are visible.
 *
 * <p>A stream handler, not a typed one: the event is one of two shapes and anything else must be
 * refused before it is bound, which a {@code RequestHandler<SQSEvent, ...>} would not do (an API
 * Gateway payload binds to an SQSEvent with no records).
 */
public final class IngestHandler implements RequestStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);
  private static final String NAME = "IngestHandler";
  private static final String LANDING = "landing/";

  private final LambdaSettings settings;
  private final Function<Object, Object> ingest;
  private final Function<Object, Object> profile;
  /** This invocation's reports, whose committed batches are profiled once all of them are visible. */
  private final List<IngestReport> followUps = new ArrayList<>();

  /** Lambda's constructor: the container's shared runtime. */
  public IngestHandler() {
    this(LambdaRuntime.shared());
  }

  /** A handler over {@code runtime}'s {@code ingest} bean. */
  public IngestHandler(LambdaRuntime runtime) {
    this.settings = runtime.settings();
    if (settings.bucket() == null) {
      throw new IllegalStateException(LambdaSettings.BUCKET
          + " is not set: the ingest handler cannot tell its bucket's notifications from others");
    }
    this.ingest = runtime.function(IcegateFunctions.INGEST);
    this.profile = runtime.function(IcegateFunctions.PROFILE_BATCHES);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = LambdaJson.readObject(input, NAME);
    followUps.clear();
    if (isSqs(event)) {
      SqsBatchResponse response = sqs(event);
      profileCommitted();
      LambdaJson.write(output, response);
    } else if (S3Notification.is(event)) {
      List<Outcome> outcomes = notification(S3Notification.parse(event));
      profileCommitted();
      List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
      if (!failed.isEmpty()) {
        // thrown so Lambda retries the event and then sends it to the dead-letter queue
        throw new IngestFailedException(failed.size() + " of " + outcomes.size() + " records failed: "
            + failed.stream().map(o -> o.key() + " (" + o.reason() + ")").toList());
      }
      LambdaJson.write(output, new Outcomes(outcomes));
    } else {
      throw new RefusedEventException(NAME + " takes an SQS event of S3 notifications or an S3 event; "
          + "it was invoked with an event with fields " + LambdaJson.fieldNames(event) + describeRecords(event));
    }
  }

  /** Each message ingested on its own; failed messages are listed so only they return to the queue. */
  private SqsBatchResponse sqs(JsonNode event) {
    List<SqsBatchResponse.Failure> failures = new ArrayList<>();
    for (JsonNode message : event.get("Records")) {
      String id = message.path("messageId").asText("");
      boolean failed;
      try {
        JsonNode body = LambdaJson.parseOrNull(message.path("body").asText(null));
        if (!S3Notification.is(body)) {
          throw new RefusedEventException("the body of SQS message " + id + " is not an S3 notification");
        }
        failed = notification(S3Notification.parse(body)).stream().anyMatch(Outcome::failed);
      } catch (RuntimeException e) {
        // a poison message fails on its own: after maxReceiveCount it goes to the queue's DLQ
        LOG.error("SQS message {} refused: {}", id, e.getMessage());
        failed = true;
      }
      if (failed) {
        failures.add(new SqsBatchResponse.Failure(id));
      }
    }
    return new SqsBatchResponse(failures);
  }

  private List<Outcome> notification(S3Notification notification) {
    if (notification.testEvent()) {
      LOG.info("s3:TestEvent ignored");
      return List.of();
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (S3Notification.Record r : notification.records()) {
      outcomes.add(record(r));
    }
    return outcomes;
  }

  private Outcome record(S3Notification.Record r) {
    if (!settings.bucket().equals(r.bucket())) {
      LOG.error("refused {}: bucket {} is not the configured bucket {}", r.key(), r.bucket(), settings.bucket());
      return Outcome.of(r.key(), "refused", null, "bucket " + r.bucket() + " is not " + settings.bucket());
    }
    String key = settings.storeKey(r.key());
    if (!r.created() || key == null || !key.startsWith(LANDING)) {
      LOG.info("skipped {} {}: only ObjectCreated events under {}{} are ingested", r.eventName(), r.key(),
          settings.prefix(), LANDING);
      return Outcome.of(r.key(), "skipped", null, null);
    }
    try {
      IngestReport report = (IngestReport) ingest.apply(new ObjectCreated(key, r.size(), stripQuotes(r.etag()), r.eventTime()));
      LOG.info("{} {}: {} (batch {})", r.bucket(), key, report.status().json(), report.batchId());
      followUps.add(report);
      return new Outcome(key, report.status().json(), report.batchId(),
          report.status() == IngestStatus.FAILED ? String.join("; ", report.reasons()) : null, report.quarantine());
    } catch (RuntimeException e) {
      LOG.error("ingest of {} failed", key, e);
      return Outcome.of(key, IngestStatus.FAILED.json(), null, e.toString());
    }
  }

  /**
   * Ingest's follow-up for this invocation's committed batches, after all of them are visible. A
   * failure leaves the messages done (the rows are committed): drift scans read that batch's rows,
   * and the scheduled profileBatches catch-up retries it.
   */
  private void profileCommitted() {
    followUps.forEach(report -> ProfileBatches.after(report, profile));
    followUps.clear();
  }

  private static boolean isSqs(JsonNode event) {
    JsonNode records = event.get("Records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      return false;
    }
    for (JsonNode r : records) {
      if (!"aws:sqs".equals(r.path("eventSource").asText(null))) {
        return false;
      }
    }
    return true;
  }

  private static String describeRecords(JsonNode event) {
    JsonNode records = event.get("Records");
    if (records == null || !records.isArray()) {
      return "";
    }
    List<String> sources = new ArrayList<>();
    records.forEach(r -> sources.add(r.path("eventSource").asText(r.path("EventSource").asText("?"))));
    return " and records from " + sources.stream().distinct().toList();
  }

  private static String stripQuotes(String etag) {
    return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1) : etag;
  }

  /** The response to a direct S3 event: what happened to each record. */
  record Outcomes(List<Outcome> records) {}

  /**
   * What happened to one record.
   *
   * @param key the key (a store key once it was taken)
   * @param status an ingest status, or {@code refused} (wrong bucket) or {@code skipped} (not a landing upload)
   * @param batchId the ingest batch, when ingest ran
   * @param reason why it failed or was refused
   * @param quarantine the quarantine folder, when anything went there
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Outcome(String key, String status, String batchId, String reason, String quarantine) {

    static Outcome of(String key, String status, String batchId, String reason) {
      return new Outcome(key, status, batchId, reason, null);
    }

    /** Failed or refused: the message (or event) has to be retried or dead-lettered. */
    boolean failed() {
      return status.equals(IngestStatus.FAILED.json()) || status.equals("refused");
    }
  }
}
