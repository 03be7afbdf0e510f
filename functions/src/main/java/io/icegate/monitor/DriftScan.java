package io.icegate.monitor;

import io.icegate.drift.DatasetDrift;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one monitor's drift scan, as stored in {@code icegate.drift_results}.
 *
 * @param scanId unique id of the scan
 * @param model the model whose policy holds the monitor
 * @param monitor the monitor's name
 * @param alias the alias watched
 * @param version the version the alias pointed at, or null when it pointed at none
 * @param referenceDataset dataset of the reference
 * @param referenceSnapshotId the pinned reference snapshot
 * @param currentDataset dataset of the current window
 * @param currentSnapshotId the current dataset's snapshot that was read
 * @param windowFrom start of the current window (inclusive)
 * @param windowTo end of the current window (exclusive): the scan time
 * @param mode profile or exact, the mode that ran
 * @param modeReason why that mode ran
 * @param columns per-column results, most drifted first
 * @param dataset the dataset verdict under the monitor's drift share
 * @param scannedAt when the scan ran
 * @param reportKey object key of the scan's HTML report ({@link DriftReport#key})
 * @param panels data quality, performance and KPI figures beside the drift tests
 */
public record DriftScan(
    String scanId,
    String model,
    String monitor,
    String alias,
    Integer version,
    String referenceDataset,
    long referenceSnapshotId,
    String currentDataset,
    long currentSnapshotId,
    Instant windowFrom,
    Instant windowTo,
    ScanMode mode,
    String modeReason,
    List<ColumnDrift> columns,
    DatasetDrift dataset,
    Instant scannedAt,
    String reportKey,
    Panels panels) {

  public DriftScan {
    columns = List.copyOf(columns);
    panels = panels == null ? Panels.NONE : panels;
  }
}
