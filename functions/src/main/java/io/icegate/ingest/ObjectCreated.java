package io.icegate.ingest;

import java.time.Instant;

/**
 * An object landed in storage: the platform-neutral shape of an S3 ObjectCreated record, an Event
 * Grid BlobCreated event or a local watcher's find.
 *
 * @param key the object key, e.g. {@code landing/trips/2026-11-27.csv} (already URL-decoded)
 * @param size bytes, or -1 when the event did not say
 * @param etag the store's version token from the event, or null
 * @param eventTime when the store created the object, or null
 */
public record ObjectCreated(String key, long size, String etag, Instant eventTime) {

  /** An event naming only the key; the store is asked for the rest. */
  public static ObjectCreated of(String key) {
    return new ObjectCreated(key, -1, null, null);
  }
}
