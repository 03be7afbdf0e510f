package io.icegate.monitor;

import java.util.List;

/**
 * What a scan reports beside its drift tests: the data quality of the window, the model's
 * performance where labels exist, and the business KPI next to the model's outputs.
 *
 * @param quality per column and check, in the monitor's column order
 * @param performance the performance panel, or null when the monitor has none
 * @param kpi the KPI panel, or null when the monitor has none
 */
public record Panels(List<Quality> quality, Performance performance, Kpi kpi) {

  /** A scan without panels. */
  public static final Panels NONE = new Panels(List.of(), null, null);

  public Panels {
    quality = List.copyOf(quality);
  }

  /**
   * One data-quality figure of a column.
   *
   * @param column the column
   * @param check {@code null_rate}, {@code out_of_reference_range} (numbers outside the reference's
   *     [min, max]), {@code unseen_categories} (categories the reference does not have),
   *     {@code out_of_contract_range} (numbers outside the contract's minimum/maximum) or
   *     {@code invalid_values} (categories outside the contract's validValues)
   * @param current the share of the current window's rows (null rate) or values (the others)
   * @param reference the same share in the reference, or null where it is 0 by construction
   * @param detail what the share was measured against, e.g. {@code [18, 90]}
   */
  public record Quality(String column, String check, double current, Double reference, String detail) {

    public static final String NULL_RATE = "null_rate";
    public static final String OUT_OF_REFERENCE_RANGE = "out_of_reference_range";
    public static final String UNSEEN_CATEGORIES = "unseen_categories";
    public static final String OUT_OF_CONTRACT_RANGE = "out_of_contract_range";
    public static final String INVALID_VALUES = "invalid_values";
  }

  /**
   * The watched alias's live performance: its predictions in the window joined with their labels.
   *
   * @param predictions requests the alias answered in the window
   * @param labelled those with a label
   * @param minLabelled fewest labelled requests the figures are judged on
   * @param metrics one figure per metric the monitor names
   * @param baselineSource where the baselines come from, e.g. the gate decision that passed the version
   */
  public record Performance(long predictions, long labelled, int minLabelled, List<Metric> metrics,
      String baselineSource) {

    public Performance {
      metrics = List.copyOf(metrics);
    }

    /** Whether there are enough labels to judge the figures. */
    public boolean judged() {
      return labelled >= minLabelled;
    }

    /** The figure of {@code metric}, or null. */
    public Metric metric(String metric) {
      return metrics.stream().filter(m -> m.metric().equals(metric)).findFirst().orElse(null);
    }
  }

  /**
   * One live metric of the watched version.
   *
   * @param metric the gate's metric name, e.g. {@code roc_auc}
   * @param greaterIsBetter its direction
   * @param value on the window's labelled predictions, or null without labels
   * @param baseline the version's value when it passed the gate, or null without a decision
   */
  public record Metric(String metric, boolean greaterIsBetter, Double value, Double baseline) {

    /** How much worse than the baseline (positive: worse), or null without both figures. */
    public Double drop() {
      if (value == null || baseline == null) {
        return null;
      }
      return greaterIsBetter ? baseline - value : value - baseline;
    }
  }

  /**
   * The business KPI of the window next to the model's outputs.
   *
   * @param name the KPI's name
   * @param aggregate how its values are aggregated per window, e.g. {@code sum}
   * @param level the KPI in the scan's window, or null when it has no rows there
   * @param output the model's output level in the same window (mean score or prediction), or null
   * @param correlation Pearson correlation of KPI and output over the recent windows, or null with
   *     fewer than three windows having both
   * @param windows the recent windows (this one included) the correlation was computed over
   * @param history per window, oldest first: {start, level, output} (NaN where missing)
   */
  public record Kpi(String name, String aggregate, Double level, Double output, Double correlation, int windows,
      List<double[]> history) {

    public Kpi {
      history = List.copyOf(history);
    }
  }
}
