package io.icegate.maintenance;

import java.util.List;

/**
 * Orphan file removal under one table's location (in a dry run: what it would remove).
 *
 * @param filesListed files found under the table location
 * @param referenced of those, files the table's metadata references (never removed)
 * @param tooYoung unreferenced files younger than the safety age (left: a writer may still commit them)
 * @param orphans unreferenced files older than the safety age
 * @param removed orphans deleted (0 in a dry run)
 * @param bytesRemoved their bytes (in a dry run: the bytes that would be freed)
 * @param examples up to 20 orphan locations
 * @param skipped why the step did not run (e.g. a FileIO that cannot list), else null
 */
public record OrphanReport(int filesListed, int referenced, int tooYoung, int orphans, int removed,
    long bytesRemoved, List<String> examples, String skipped) {

  static final OrphanReport SKIPPED = new OrphanReport(0, 0, 0, 0, 0, 0, List.of(), null);
}
