package io.icegate.maintenance;

import java.util.List;

/**
 * Compaction of one table's small data files (in a dry run: what it would do).
 *
 * @param filesBefore data files in the current snapshot before
 * @param filesAfter data files after (in a dry run: expected)
 * @param bytesBefore bytes of those data files before
 * @param bytesAfter bytes after (in a dry run: the bytes before, the size is known only once written)
 * @param partitionsCompacted partitions with enough small files to compact
 * @param filesRewritten small files replaced
 * @param filesWritten files written in their place
 * @param retries commits retried after a concurrent write
 * @param notes partitions left alone and why, conflicts, refusals
 */
public record CompactionReport(int filesBefore, int filesAfter, long bytesBefore, long bytesAfter,
    int partitionsCompacted, int filesRewritten, int filesWritten, int retries, List<String> notes) {

  static final CompactionReport SKIPPED = new CompactionReport(0, 0, 0, 0, 0, 0, 0, 0, List.of());
}
