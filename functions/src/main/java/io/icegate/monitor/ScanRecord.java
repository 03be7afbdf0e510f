package io.icegate.monitor;

import java.time.Instant;

/**
 * One past scan as {@code icegate.drift_results} keeps it: its dataset verdict and where its report is.
 *
 * @param driftShare share of the tested columns that drifted
 * @param threshold the share at which the dataset drifts
 */
public record ScanRecord(String scanId, String monitor, String alias, Integer version, String mode,
    Instant windowFrom, Instant windowTo, double driftShare, double threshold, boolean drifted, Instant scannedAt,
    String reportKey) {}
