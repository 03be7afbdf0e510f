/**
 * Drift monitors: the {@code monitors} section of a model policy ({@link io.icegate.monitor.MonitorReader}),
 * one monitor's scan ({@link io.icegate.monitor.DriftScanner}) and the {@code scanDrift} function
 * over every policy ({@link io.icegate.monitor.DriftScans}). Results go to {@code icegate.drift_results}.
 *
 * <p>Profile mode merges the per-batch profiles ingest's follow-up stored; exact mode reads rows
 * with DuckDB. Auto picks profile mode only when it selects the same rows as exact mode and counts
 * categories exactly (no filter, only ingest appends, every batch profiled, no batch straddling the window,
 * at most {@link io.icegate.monitor.DriftScanner#PROFILE_CARDINALITY} distinct values); the scan
 * records which mode ran and why. A current batch's time is the range of the monitor's timestamp
 * column in its profile, not its upload time.
 */
package io.icegate.monitor;
