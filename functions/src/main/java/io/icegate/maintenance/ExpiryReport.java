package io.icegate.maintenance;

import java.util.List;

/**
 * Snapshot expiry of one table (in a dry run: what it would expire).
 *
 * @param snapshotsBefore snapshots before expiry
 * @param expired snapshots expired (or that would be)
 * @param kept snapshots kept
 * @param keptByRefs snapshots older than the retention kept because a tag or branch names them
 * @param filesDeleted data, manifest and manifest-list files expiry deleted (0 in a dry run)
 * @param expiredIds the ids of the expired snapshots, oldest first (at most 100)
 */
public record ExpiryReport(int snapshotsBefore, int expired, int kept, int keptByRefs, long filesDeleted,
    List<Long> expiredIds) {

  static final ExpiryReport SKIPPED = new ExpiryReport(0, 0, 0, 0, 0, List.of());
}
