package io.icegate.monitor;

import java.time.Instant;

/**
 * What {@code scanDrift} scans: one monitor, the monitors of one model, or every monitor of every
 * model with a policy. The empty request (all null, what a scheduler sends) scans only the
 * monitors that are due under their {@code schedule}.
 *
 * @param model the model, or null for every model with a policy
 * @param monitor the monitor's name, or null for all of the model's monitors
 * @param mode overrides every monitor's mode, or null for the policy's
 * @param at the scan time (end of the current window), or null for now
 */
public record ScanRequest(String model, String monitor, ScanMode mode, Instant at) {

  /** The scheduled scan: every monitor that is due, now, in its own mode. */
  public static final ScanRequest ALL = new ScanRequest(null, null, null, null);

  /** True for the empty request, which scans only due monitors. */
  public boolean scheduled() {
    return model == null && monitor == null && mode == null && at == null;
  }
}
