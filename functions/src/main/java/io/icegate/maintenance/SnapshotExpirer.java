package io.icegate.maintenance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Expires snapshots older than the retention beyond the newest {@code retainLast}. Iceberg itself
 * keeps every snapshot a tag or branch names (icegate's tags have no max age: the registry tags the
 * training snapshot of each model version), and deletes only files no kept snapshot references.
 */
final class SnapshotExpirer {
  private static final int ATTEMPTS = 5;

  ExpiryReport expire(Table table, MaintenanceOptions o, long nowMillis, boolean dryRun) throws InterruptedException {
    long olderThan = nowMillis - o.retentionHours() * 3_600_000L;
    for (int attempt = 1; ; attempt++) {
      table.refresh();
      List<Snapshot> before = new ArrayList<>();
      table.snapshots().forEach(before::add);
      AtomicLong deleted = new AtomicLong();
      ExpireSnapshots expire = table.expireSnapshots()
          .expireOlderThan(olderThan)
          .retainLast(o.retainLast())
          .deleteWith(location -> {
            table.io().deleteFile(location);
            deleted.incrementAndGet();
          });
      // apply() lists the snapshots the commit would remove, without committing
      List<Snapshot> removed = expire.apply();
      if (!dryRun && !removed.isEmpty()) {
        try {
          expire.commit();
        } catch (CommitFailedException concurrent) {
          // dataset tables leave retries to their writers: an ingest committed meanwhile
          if (attempt >= ATTEMPTS) {
            throw concurrent;
          }
          Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
          continue;
        }
      }
      return report(table, before, removed, olderThan, deleted.get());
    }
  }

  private static ExpiryReport report(Table table, List<Snapshot> before, List<Snapshot> removed, long olderThan,
      long deleted) {
    Set<Long> removedIds = new HashSet<>();
    removed.forEach(s -> removedIds.add(s.snapshotId()));
    Set<Long> referenced = new HashSet<>();
    for (SnapshotRef ref : table.refs().values()) {
      if (!ref.isBranch() || ref.snapshotId() != currentId(table)) {
        referenced.add(ref.snapshotId());
      }
    }
    int keptByRefs = 0;
    for (Snapshot s : before) {
      if (s.timestampMillis() < olderThan && !removedIds.contains(s.snapshotId()) && referenced.contains(s.snapshotId())) {
        keptByRefs++;
      }
    }
    List<Long> ids = removed.stream().sorted((a, b) -> Long.compare(a.timestampMillis(), b.timestampMillis()))
        .map(Snapshot::snapshotId).limit(100).toList();
    return new ExpiryReport(before.size(), removed.size(), before.size() - removed.size(), keptByRefs, deleted, ids);
  }

  private static long currentId(Table table) {
    Snapshot s = table.currentSnapshot();
    return s == null ? -1 : s.snapshotId();
  }
}
