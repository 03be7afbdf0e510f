package io.icegate.contract;

import java.time.Duration;
import java.util.List;

/**
 * icegate's extensions to ODCS, read from {@code customProperties} entries named {@code icegate.*}.
 *
 * @param rejectMode {@code icegate.rejectMode}: batch (all or nothing, the default) or rows
 * @param maxRejectedPercent {@code icegate.maxRejectedPercent}: in rows mode, the largest share
 *     of rejected rows (0-100) that still commits the good ones; default 5
 * @param extraColumns {@code icegate.extraColumns}: reject (default) or ignore upload columns the
 *     contract does not name
 * @param freshnessColumn {@code icegate.freshness.column}: a date/timestamp column whose newest
 *     value must be recent, or null
 * @param freshnessMaxAge {@code icegate.freshness.maxAge}: ISO-8601 duration, e.g. PT24H, or null
 * @param partitioning {@code icegate.partitioning}: Iceberg transforms such as {@code day(ts)},
 *     {@code bucket(16, id)} or a plain column name; empty for an unpartitioned table (ODCS
 *     {@code partitioned}/{@code partitionKeyPosition} on properties add identity fields). The
 *     parser writes them canonically: {@code identity(c)} as {@code c}, arguments as {@code (16, id)}
 */
public record IcegateOptions(
    RejectMode rejectMode,
    double maxRejectedPercent,
    ExtraColumns extraColumns,
    String freshnessColumn,
    Duration freshnessMaxAge,
    List<String> partitioning) {

  /** Defaults: batch mode, 5% limit for rows mode, extra columns rejected, no freshness. */
  public static final IcegateOptions DEFAULTS =
      new IcegateOptions(RejectMode.BATCH, 5.0, ExtraColumns.REJECT, null, null, List.of());

  public IcegateOptions {
    partitioning = partitioning == null ? List.of() : List.copyOf(partitioning);
  }

  /** How rows that break the contract are handled. */
  public enum RejectMode {
    /** Any broken row quarantines the whole upload. */
    BATCH,
    /** Good rows commit, broken rows are quarantined, while their share stays under the limit. */
    ROWS
  }

  /** What to do with columns the contract does not name. */
  public enum ExtraColumns { REJECT, IGNORE }
}
