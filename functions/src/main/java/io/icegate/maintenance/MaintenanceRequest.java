package io.icegate.maintenance;

import java.util.List;

/**
 * What to maintain.
 *
 * @param tables tables to maintain: {@code namespace.name}, or a bare dataset name; null or empty
 *     for every dataset and system table
 * @param dryRun report what would be done and change nothing
 * @param overrides options that replace the defaults, field by field (null: none)
 */
public record MaintenanceRequest(List<String> tables, boolean dryRun, MaintenanceOptions overrides) {

  /** Every table, for real, with the defaults: what the schedule runs. */
  public static final MaintenanceRequest ALL = new MaintenanceRequest(List.of(), false, null);

  public MaintenanceRequest {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** The options in force: the overrides over the defaults. */
  public MaintenanceOptions options() {
    return (overrides == null ? MaintenanceOptions.NONE : overrides).over(MaintenanceOptions.DEFAULTS);
  }
}
