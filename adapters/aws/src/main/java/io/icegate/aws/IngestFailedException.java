package io.icegate.aws;

/** Records of a direct S3 event failed: thrown so Lambda retries the event, then dead-letters it. */
public final class IngestFailedException extends RuntimeException {

  public IngestFailedException(String message) {
    super(message);
  }
}
