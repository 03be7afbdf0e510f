package io.icegate.local;

import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.monitor.ColumnDrift;
import io.icegate.monitor.DriftScan;
import io.icegate.monitor.DriftScans;
import io.icegate.monitor.DriftSummary;
import io.icegate.monitor.ScanRequest;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift half of the demo: serving data of the demo's model ingested one day per batch under its
 * contract, the last day with one shifted feature, then the policy's monitor scanned over a calm day
 * (no drift) and over the shifted day (the planted column drifts). The days have fixed dates, so a
 * rerun finds them ingested and scans the same rows for its own model.
 */
final class DemoDrift {
  static final String DATASET = "churn_serving";
  static final String MONITOR = "serving";

  /**
   * The drift part's JSON answer.
   *
   * @param dataset the serving dataset
   * @param days each day's ingest (committed on the first run, duplicate after)
   * @param planted the shifted column of the last day
   * @param calm the scan whose window is the day before the shift
   * @param shifted the scan whose window is the shifted day
   * @param asExpected whether the calm scan found no drift and the shifted one only the planted column
   */
  record Result(String dataset, List<IngestReport> days, String planted, DriftSummary calm, DriftSummary shifted,
      boolean asExpected) {}

  private final Output out;
  private final LocalRuntime runtime;
  private final ObjectStore store;

  DemoDrift(Output out, LocalRuntime runtime) {
    this.out = out;
    this.runtime = runtime;
    this.store = runtime.icegate().store();
  }

  /** Runs the steps for the model, numbered from {@code step}. */
  Result run(String model, int step) throws Exception {
    DemoData.Contract contract = DemoData.sample(DemoData.SERVING_CONTRACT, "churn_serving.yaml");
    heading(step++, "Ingest %d days of serving data '%s' under its contract (%s); on the last day %s shifts",
        DemoData.SERVING_DAYS, DATASET, contract.source(), DemoData.PLANTED);
    ContractStore.Put put = new ContractStore(store, runtime.icegate().tables()).put(contract.yaml(), contract.source(),
        DATASET);
    boolean ok = put.stored();
    List<IngestReport> days = new ArrayList<>();
    for (int d = 0; d < DemoData.SERVING_DAYS; d++) {
      Instant day = DemoData.SERVING_DAY0.plusSeconds(d * 86_400L);
      String file = "serving-" + day.toString().substring(0, 10) + ".csv";
      ObjectInfo landed = store.put(Landing.key(DATASET, file),
          DemoData.servingDay(d, d == DemoData.SERVING_DAYS - 1));
      IngestReport report = Progress.run(out, "ingesting " + file, () -> runtime.ingest().apply(Landing.event(landed)));
      IngestCommand.followUp(out, runtime, report);
      days.add(report);
      ok &= report.status().ok();
      out.line("  %s  %d rows  %s, snapshot %d%s", file, DemoData.SERVING_ROWS, report.status().name(),
          report.snapshotId(), report.status() == IngestStatus.DUPLICATE
              ? " (ingested by an earlier run)" : "");
    }

    Instant lastDay = DemoData.SERVING_DAY0.plusSeconds((DemoData.SERVING_DAYS - 1) * 86_400L);
    heading(step++, "Scan monitor '%s' at %s: the day before the shift against production's training data",
        MONITOR, lastDay);
    DriftSummary calm = scan(model, lastDay);
    heading(step, "Scan it again at %s: the shifted day", lastDay.plusSeconds(86_400L));
    DriftSummary shifted = scan(model, lastDay.plusSeconds(86_400L));
    boolean asExpected = ok && drifts(calm, List.of()) && drifts(shifted, List.of(DemoData.PLANTED));
    if (!asExpected) {
      out.line("  !! expected the serving data ingested, no drift on the calm day and only %s drifting on the"
          + " shifted one", DemoData.PLANTED);
    }
    return new Result(DATASET, days, DemoData.PLANTED, calm, shifted, asExpected);
  }

  private DriftSummary scan(String model, Instant at) throws Exception {
    DriftScans scans = runtime.context().getBean(DriftScans.class);
    DriftSummary summary = Progress.run(out, "scanning for drift",
        () -> scans.scan(new ScanRequest(model, MONITOR, null, at)));
    DriftCommand.print(out, store, summary);
    return summary;
  }

  /** Whether the summary is one scan in which exactly {@code columns} drifted. */
  private static boolean drifts(DriftSummary summary, List<String> columns) {
    if (!summary.failures().isEmpty() || summary.scans().size() != 1) {
      return false;
    }
    DriftScan scan = summary.scans().get(0);
    return scan.columns().stream().filter(c -> c.result().drifted()).map(ColumnDrift::column).toList()
        .equals(columns);
  }

  private void heading(int step, String format, Object... args) {
    out.line("");
    out.line(step + ". " + format, args);
  }
}
