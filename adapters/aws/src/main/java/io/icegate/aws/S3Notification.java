package io.icegate.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 event notification (the JSON S3 sends to Lambda, SQS or SNS): its object records, or
 * none for the {@code s3:TestEvent} S3 sends when a notification is configured.
 *
 * @param records the records, in the order S3 listed them
 * @param testEvent true for {@code s3:TestEvent}
 */
record S3Notification(List<Record> records, boolean testEvent) {

  /**
   * One record of the notification.
   *
   * @param eventName e.g. {@code ObjectCreated:Put}
   * @param bucket the bucket's name
   * @param key the key, URL-decoded ('+' is a space, %xx are UTF-8 bytes)
   * @param size bytes, or -1 when absent
   * @param etag the ETag, or null
   * @param eventTime when S3 created the object, or null
   * @param sequencer S3's ordering token for the key, or null
   */
  record Record(String eventName, String bucket, String key, long size, String etag, Instant eventTime, String sequencer) {

    /** True for ObjectCreated:* events. */
    boolean created() {
      return eventName != null && eventName.startsWith("ObjectCreated:");
    }
  }

  /** True when {@code node} looks like an S3 notification: S3 records or the test event. */
  static boolean is(JsonNode node) {
    if (node == null || !node.isObject()) {
      return false;
    }
    if (isTestEvent(node)) {
      return true;
    }
    JsonNode records = node.get("Records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      return false;
    }
    for (JsonNode r : records) {
      if (!"aws:s3".equals(r.path("eventSource").asText(null))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The notification in {@code node}.
   *
   * @throws RefusedEventException when it is not one, or a record lacks its bucket or key or has a malformed key
   */
  static S3Notification parse(JsonNode node) {
    if (!is(node)) {
      throw new RefusedEventException("not an S3 event notification: fields " + LambdaJson.fieldNames(node));
    }
    if (isTestEvent(node)) {
      return new S3Notification(List.of(), true);
    }
    List<Record> records = new ArrayList<>();
    for (JsonNode r : node.get("Records")) {
      JsonNode s3 = r.path("s3");
      String bucket = s3.path("bucket").path("name").asText(null);
      String rawKey = s3.path("object").path("key").asText(null);
      if (bucket == null || rawKey == null) {
        throw new RefusedEventException("an S3 record has no bucket name or object key");
      }
      JsonNode object = s3.path("object");
      records.add(new Record(r.path("eventName").asText(null), bucket, decodeKey(rawKey),
          object.path("size").isNumber() ? object.get("size").asLong() : -1,
          object.path("eTag").asText(null), instant(r.path("eventTime").asText(null)),
          object.path("sequencer").asText(null)));
    }
    return new S3Notification(List.copyOf(records), false);
  }

  /** S3 URL-encodes keys in notifications as HTML forms do: '+' for a space, %xx for UTF-8 bytes. */
  static String decodeKey(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RefusedEventException("an S3 record has a malformed URL-encoded key (" + e.getMessage() + ")");
    }
  }

  private static boolean isTestEvent(JsonNode node) {
    return "s3:TestEvent".equals(node.path("Event").asText(null)) && !node.has("Records");
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
