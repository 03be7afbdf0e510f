package io.icegate.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A {@code Microsoft.Storage.BlobCreated} event, read from either delivery schema: the Event Grid
 * schema ({@code eventType}, {@code eventTime}) or CloudEvents 1.0 ({@code specversion},
 * {@code type}, {@code time}). Both carry the same {@code data} (url, eTag, contentLength).
 *
 * @param url the blob's URL, still percent-encoded
 * @param size {@code data.contentLength}, or -1
 * @param etag {@code data.eTag}, or null
 * @param eventTime when the blob was created, or null
 * @param api the storage operation, e.g. {@code PutBlob}, {@code PutBlockList}, {@code FlushWithClose}
 * @param schema which schema the event came in
 */
public record BlobCreated(URI url, long size, String etag, Instant eventTime, String api, Schema schema) {

  /** The event type accepted; any other is refused. */
  public static final String TYPE = "Microsoft.Storage.BlobCreated";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The two delivery schemas of an Event Grid subscription. */
  public enum Schema { EVENT_GRID, CLOUD_EVENTS }

  /**
   * Parses one event.
   *
   * @throws IllegalArgumentException when it is not JSON, not a single event, or not a BlobCreated
   */
  public static BlobCreated parse(String json) {
    JsonNode event;
    try {
      event = JSON.readTree(json == null ? "" : json);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("refused: the event is not JSON: " + e.getOriginalMessage());
    }
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("refused: expected one Event Grid or CloudEvents event (a JSON object), got "
          + (event == null ? "nothing" : event.getNodeType()));
    }
    Schema schema;
    String type;
    String time;
    if (event.hasNonNull("specversion")) {
      schema = Schema.CLOUD_EVENTS;
      if (!"1.0".equals(event.path("specversion").asText())) {
        throw new IllegalArgumentException("refused: CloudEvents specversion " + event.path("specversion").asText()
            + " (1.0 expected)");
      }
      type = event.path("type").asText(null);
      time = event.path("time").asText(null);
    } else if (event.hasNonNull("eventType")) {
      schema = Schema.EVENT_GRID;
      type = event.path("eventType").asText(null);
      time = event.path("eventTime").asText(null);
    } else {
      throw new IllegalArgumentException(
          "refused: neither an Event Grid event (eventType) nor a CloudEvent (specversion)");
    }
    if (!TYPE.equals(type)) {
      throw new IllegalArgumentException("refused: event type '" + type + "' is not " + TYPE);
    }
    JsonNode data = event.path("data");
    String url = data.path("url").asText(null);
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("refused: " + TYPE + " event without data.url");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("refused: data.url is not a URI");
    }
    return new BlobCreated(uri, data.path("contentLength").asLong(-1),
        data.hasNonNull("eTag") ? data.path("eTag").asText() : null, instant(time),
        data.path("api").asText(null), schema);
  }

  private static Instant instant(String time) {
    if (time == null || time.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("refused: event time '" + time + "' is not ISO-8601");
    }
  }
}
