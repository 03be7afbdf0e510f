package io.icegate.maintenance;

/**
 * What table maintenance keeps and rewrites. In a request every field is optional: a null falls
 * back to {@link #DEFAULTS}.
 *
 * @param retentionHours snapshots older than this may be expired (default 168, a week)
 * @param retainLast the newest snapshots of the main branch always kept (default 10)
 * @param orphanAgeHours files no snapshot references are removed only when older than this, so an
 *     ingest or compaction still writing is never touched (default 72)
 * @param targetFileBytes size compaction aims for; files under 3/4 of it are small (default 128 MiB)
 * @param minSmallFiles a partition is compacted only when it has at least this many small files (default 5)
 * @param expire run snapshot expiry (default true)
 * @param compact run compaction (default true)
 * @param removeOrphans run orphan file removal (default true)
 */
public record MaintenanceOptions(
    Long retentionHours,
    Integer retainLast,
    Long orphanAgeHours,
    Long targetFileBytes,
    Integer minSmallFiles,
    Boolean expire,
    Boolean compact,
    Boolean removeOrphans) {

  /** The defaults: a week of snapshots, the last 10, orphans after 3 days, 128 MiB files, 5 small files. */
  public static final MaintenanceOptions DEFAULTS =
      new MaintenanceOptions(7L * 24, 10, 3L * 24, 128L << 20, 5, true, true, true);

  /** No override. */
  public static final MaintenanceOptions NONE =
      new MaintenanceOptions(null, null, null, null, null, null, null, null);

  /** These options with every null taken from {@code base}, checked. */
  public MaintenanceOptions over(MaintenanceOptions base) {
    MaintenanceOptions o = new MaintenanceOptions(
        retentionHours != null ? retentionHours : base.retentionHours,
        retainLast != null ? retainLast : base.retainLast,
        orphanAgeHours != null ? orphanAgeHours : base.orphanAgeHours,
        targetFileBytes != null ? targetFileBytes : base.targetFileBytes,
        minSmallFiles != null ? minSmallFiles : base.minSmallFiles,
        expire != null ? expire : base.expire,
        compact != null ? compact : base.compact,
        removeOrphans != null ? removeOrphans : base.removeOrphans);
    if (o.retentionHours < 0 || o.orphanAgeHours < 0) {
      throw new IllegalArgumentException("retentionHours and orphanAgeHours must not be negative");
    }
    if (o.retainLast < 1) {
      throw new IllegalArgumentException("retainLast must be at least 1 (the current snapshot)");
    }
    if (o.targetFileBytes < 1 || o.minSmallFiles < 2) {
      throw new IllegalArgumentException("targetFileBytes must be positive and minSmallFiles at least 2");
    }
    return o;
  }
}
