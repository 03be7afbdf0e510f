package io.icegate.maintenance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One maintenance run over several tables.
 *
 * @param startedAt when the run started
 * @param millis how long it took
 * @param dryRun nothing was changed; the reports say what would be
 * @param options the options in force
 * @param tables one report per table
 */
public record MaintenanceResult(Instant startedAt, long millis, boolean dryRun, MaintenanceOptions options,
    List<TableReport> tables) {

  /** Whether every step of every table ran without error. */
  @JsonProperty(value = "ok", access = JsonProperty.Access.READ_ONLY)
  public boolean ok() {
    return tables.stream().allMatch(TableReport::ok);
  }
}
