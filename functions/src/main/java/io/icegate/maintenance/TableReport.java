package io.icegate.maintenance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Maintenance of one table. A failing step is recorded in {@code errors} and the other steps and
 * tables still run.
 *
 * @param table namespace.name
 * @param kind dataset or system
 * @param compaction small files rewritten
 * @param expiry snapshots expired
 * @param orphans unreferenced files removed
 * @param errors what failed, one line per step
 * @param millis time spent on this table
 */
public record TableReport(String table, String kind, CompactionReport compaction, ExpiryReport expiry,
    OrphanReport orphans, List<String> errors, long millis) {

  /** Whether every step ran without error. */
  @JsonProperty(value = "ok", access = JsonProperty.Access.READ_ONLY)
  public boolean ok() {
    return errors.isEmpty();
  }
}
