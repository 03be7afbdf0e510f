package io.icegate.monitor;

import io.icegate.drift.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One drift monitor of a model policy's {@code monitors} section: which served data to compare
 * with which reference, on which columns, and how.
 *
 * @param name unique within the policy
 * @param alias the alias whose version is watched (its training data is the default reference)
 * @param current the recent data: a dataset, its timestamp column and a window ending at scan time
 * @param reference the data the current window is compared with
 * @param columns the columns tested, each with an optional method and threshold
 * @param mode how the scan reads data; {@link ScanMode#AUTO} picks profile mode when it can
 * @param driftShare the dataset drifts when at least this share of the columns drift
 * @param budget the rules whose tripping alerts the owners and triggers a retrain (may be empty)
 * @param schedule how often a scheduled scan runs this monitor
 * @param performance the performance panel's settings, or null for none
 * @param kpi the KPI panel's settings, or null for none
 */
public record Monitor(
    String name,
    String alias,
    Current current,
    Reference reference,
    List<MonitorColumn> columns,
    ScanMode mode,
    double driftShare,
    DriftBudget budget,
    Duration schedule,
    PerformanceSpec performance,
    KpiSpec kpi) {

  /** Alias watched when a monitor names none. */
  public static final String DEFAULT_ALIAS = "production";

  /** Schedule of a monitor that names none: a daily scan. */
  public static final Duration DEFAULT_SCHEDULE = Duration.ofDays(1);

  public Monitor {
    columns = List.copyOf(columns);
    budget = budget == null ? DriftBudget.NONE : budget;
    schedule = schedule == null ? DEFAULT_SCHEDULE : schedule;
  }

  /** A monitor without budget rules, scanned daily. */
  public Monitor(String name, String alias, Current current, Reference reference, List<MonitorColumn> columns,
      ScanMode mode, double driftShare) {
    this(name, alias, current, reference, columns, mode, driftShare, DriftBudget.NONE, DEFAULT_SCHEDULE, null, null);
  }

  /**
   * The current window: rows of {@code dataset} whose {@code timestampColumn} lies in
   * {@code [now - window, now)} and whose columns equal every value of {@code filter}.
   */
  public record Current(String dataset, String timestampColumn, Duration window, Map<String, String> filter) {
    public Current {
      filter = Map.copyOf(filter);
    }
  }

  /**
   * The reference: the training dataset and snapshot of the version behind the alias
   * ({@code training}), or a dataset pinned by snapshot id or tag.
   */
  public record Reference(boolean training, String dataset, Long snapshotId, String snapshotTag) {

    /** The default: the watched version's training snapshot. */
    public static final Reference TRAINING = new Reference(true, null, null, null);
  }

  /** A column to test; null method and threshold take Evidently's default choice. */
  public record MonitorColumn(String name, Method method, Double threshold) {}

  /**
   * The performance panel: the watched alias's predictions in the window (dataset
   * {@code predictions}, rows of its variant) joined with their labels (dataset {@code feedback}),
   * measured with the gate's metric code under the policy's task.
   *
   * @param metrics metric names of the policy's task, e.g. {@code roc_auc}
   * @param minLabelled fewest labelled predictions the figures are judged (and budgeted) on
   */
  public record PerformanceSpec(List<String> metrics, int minLabelled) {

    /** Labelled predictions needed when a monitor names no minimum. */
    public static final int DEFAULT_MIN_LABELLED = 30;

    public PerformanceSpec {
      metrics = List.copyOf(metrics);
    }
  }

  /**
   * The KPI panel: {@code aggregate(value)} of {@code dataset}'s rows per window of the monitor's
   * length, by {@code timestampColumn}, next to the model's mean output in the same windows.
   *
   * @param name shown in reports; defaults to the value column
   * @param windows recent windows, this one included, the correlation is computed over
   */
  public record KpiSpec(String name, String dataset, String timestampColumn, String value, String aggregate,
      int windows) {

    /** Aggregates a KPI may use. */
    public static final java.util.Set<String> AGGREGATES = java.util.Set.of("sum", "avg", "count", "min", "max");

    /** Windows correlated when a monitor names no number. */
    public static final int DEFAULT_WINDOWS = 8;
  }
}
