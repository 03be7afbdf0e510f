package io.icegate.local;

import io.icegate.infra.store.LocalObjectStore;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;

/** Where uploads land ({@code landing/<dataset>/<file>}) and how keys read on disk. */
final class Landing {
  private Landing() {}

  /** The landing key of a file for a dataset. */
  static ObjectKey key(String dataset, String fileName) {
    return ObjectKey.of(IngestFunction.LANDING + dataset + "/" + fileName);
  }

  /** The event a store notification would carry for this object. */
  static ObjectCreated event(ObjectInfo info) {
    return new ObjectCreated(info.key().value(), info.size(), info.etag(), info.lastModified());
  }

  /** A key or folder prefix as a path on disk, for "where to look" hints. */
  static String onDisk(ObjectStore store, String keyOrPrefix) {
    return store instanceof LocalObjectStore local
        ? local.root().resolve(keyOrPrefix) + (keyOrPrefix.endsWith("/") ? "/" : "")
        : keyOrPrefix;
  }
}
