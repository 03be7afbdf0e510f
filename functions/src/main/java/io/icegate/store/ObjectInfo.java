package io.icegate.store;

import java.time.Instant;

/** What a store knows about one object without reading it. */
public record ObjectInfo(ObjectKey key, long size, String etag, Instant lastModified) {}
