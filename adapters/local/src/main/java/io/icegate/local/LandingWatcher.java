package io.icegate.local;

import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, poll by poll, which objects under {@code landing/} are complete uploads to ingest. A
 * local folder sends no "upload finished" event, so an object counts as complete once its size
 * and etag did not change between two polls and it is older than the settle time. Failed ingests
 * are retried with a growing delay, a few times, and again whenever the object changes.
 */
final class LandingWatcher {
  private final ObjectStore store;
  private final Clock clock;
  private final Duration settle;
  private final Duration retryDelay;
  private final int maxAttempts;
  private Map<ObjectKey, ObjectInfo> previous = Map.of();
  private final Map<ObjectKey, Failure> failures = new HashMap<>();

  /** A failed attempt on one version of an object. */
  private record Failure(String etag, int attempts, Instant retryAt) {}

  /**
   * What one poll found.
   *
   * @param ready complete uploads, oldest first
   * @param waiting objects still being written or waiting for a retry
   */
  record Poll(List<ObjectInfo> ready, int waiting) {}

  /**
   * @param settle minimum age of an object before it is ingested
   * @param retryDelay first delay before a failed object is tried again; it doubles per attempt
   * @param maxAttempts attempts per object version (1: no retry)
   */
  LandingWatcher(ObjectStore store, Clock clock, Duration settle, Duration retryDelay, int maxAttempts) {
    this.store = store;
    this.clock = clock;
    this.settle = settle;
    this.retryDelay = retryDelay;
    this.maxAttempts = maxAttempts;
  }

  /** Lists landing and returns the objects that look complete. */
  Poll poll() throws IOException {
    Instant now = clock.instant();
    Map<ObjectKey, ObjectInfo> current = new HashMap<>();
    List<ObjectInfo> ready = new ArrayList<>();
    int waiting = 0;
    for (ObjectInfo info : store.list(IngestFunction.LANDING)) {
      if (ignored(info.key())) {
        continue;
      }
      current.put(info.key(), info);
      ObjectInfo before = previous.get(info.key());
      boolean stable = before != null && before.size() == info.size() && before.etag().equals(info.etag())
          && !info.lastModified().plus(settle).isAfter(now);
      Failure failure = failures.get(info.key());
      if (failure != null && !failure.etag().equals(info.etag())) {
        failures.remove(info.key()); // re-uploaded: a fresh start
        failure = null;
      }
      if (failure != null && failure.attempts() >= maxAttempts) {
        continue; // given up on this version
      }
      if (stable && (failure == null || !now.isBefore(failure.retryAt()))) {
        ready.add(info);
      } else {
        waiting++;
      }
    }
    previous = current;
    failures.keySet().retainAll(current.keySet());
    ready.sort(Comparator.comparing(ObjectInfo::lastModified).thenComparing(ObjectInfo::key));
    return new Poll(ready, waiting);
  }

  /** Records an outcome; a failure schedules a retry of the same object version. */
  void done(ObjectInfo info, IngestReport report) {
    if (report.status() != IngestStatus.FAILED) {
      failures.remove(info.key());
      return;
    }
    int attempts = failures.containsKey(info.key()) ? failures.get(info.key()).attempts() + 1 : 1;
    Duration delay = retryDelay.multipliedBy(1L << Math.min(attempts - 1, 10));
    failures.put(info.key(), new Failure(info.etag(), attempts, clock.instant().plus(delay)));
  }

  /** Whether the watcher gave up on this object version. */
  boolean givenUp(ObjectInfo info) {
    Failure f = failures.get(info.key());
    return f != null && f.attempts() >= maxAttempts;
  }

  /** Temp and hidden files that copy tools and editors write next to the real upload. */
  private static boolean ignored(ObjectKey key) {
    String name = key.fileName();
    return name.startsWith(".") || name.endsWith("~") || name.endsWith(".tmp") || name.endsWith(".part")
        || name.endsWith(".crdownload");
  }
}
