package io.icegate.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.infra.aws.AwsIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The cold-start benchmark's baseline: the same core {@link IngestFunction} over the same
 * {@link AwsIcegate} ports behind a plain stream handler, with no Spring context and no function
 * catalog. It maps an SQS batch of S3 notifications like {@link IngestHandler} does.
 */
public final class PlainIngestHandler implements RequestStreamHandler {

  private final IngestFunction ingest;
  private final String bucket;

  public PlainIngestHandler() {
    AwsIcegate aws = AwsIcegate.fromEnvironment(System.getenv());
    this.ingest = aws.ingest();
    this.bucket = aws.settings().bucket();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = LambdaJson.readObject(input, "PlainIngestHandler");
    List<SqsBatchResponse.Failure> failures = new ArrayList<>();
    for (JsonNode message : event.path("Records")) {
      boolean failed = false;
      try {
        for (S3Notification.Record r : S3Notification.parse(LambdaJson.parseOrNull(message.path("body").asText())).records()) {
          if (!bucket.equals(r.bucket())) {
            failed = true;
            continue;
          }
          IngestReport report = ingest.apply(new ObjectCreated(r.key(), r.size(), r.etag(), r.eventTime()));
          failed |= report.status() == IngestStatus.FAILED;
        }
      } catch (RuntimeException e) {
        failed = true;
      }
      if (failed) {
        failures.add(new SqsBatchResponse.Failure(message.path("messageId").asText()));
      }
    }
    LambdaJson.write(output, new SqsBatchResponse(failures));
  }
}
