package io.icegate.aws;

import java.util.List;

/**
 * Lambda's answer to an SQS batch under ReportBatchItemFailures: only the listed messages return
 * to the queue; an empty list deletes them all.
 */
record SqsBatchResponse(List<Failure> batchItemFailures) {

  /** A message to retry, by its SQS message id. */
  record Failure(String itemIdentifier) {}
}
