package io.icegate.observe;

import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.maintenance.MaintenanceRequest;
import io.icegate.maintenance.MaintenanceResult;
import io.icegate.maintenance.TableReport;
import io.icegate.monitor.BudgetOutcome;
import io.icegate.monitor.DriftScan;
import io.icegate.monitor.DriftSummary;
import io.icegate.monitor.ScanRequest;
import java.time.Duration;
import java.util.function.Function;

/**
 * The function beans as the platforms register them: the same functions, reporting to
 * {@link Telemetry} what each call did. Names are stable for dashboards and alarms.
 */
public final class Instrumented {

  /** Uploads by {@code status} (committed, quarantined, duplicate, failed). */
  public static final String UPLOADS = "icegate.ingest.uploads";
  /** Rows by {@code outcome} (accepted, rejected). */
  public static final String ROWS = "icegate.ingest.rows";
  /** Time of one ingest, by {@code status}. */
  public static final String INGEST_TIME = "icegate.ingest.duration";
  /** API responses by {@code status} class (2xx, 4xx, 5xx). */
  public static final String REQUESTS = "icegate.api.requests";
  /** Time of one API call, by {@code status} class. */
  public static final String REQUEST_TIME = "icegate.api.duration";
  /** Drift scans by {@code drifted} (true, false). */
  public static final String SCANS = "icegate.drift.scans";
  /** Monitors a scan request could not scan. */
  public static final String SCAN_FAILURES = "icegate.drift.failures";
  /** Alerts and retrain triggers of tripped budgets by {@code kind} and {@code status}. */
  public static final String NOTICES = "icegate.drift.notices";
  /** Gate decisions by {@code passed} (true, false). */
  public static final String GATE_DECISIONS = "icegate.gate.decisions";
  /** Webhook deliveries by {@code type} and {@code outcome} (delivered, failed). */
  public static final String DELIVERIES = "icegate.webhook.deliveries";
  /** Batches whose profiles ingest's follow-up wrote or failed to write, by {@code outcome} (profiled, failed). */
  public static final String PROFILED = "icegate.profile.batches";
  /** Tables maintained by {@code outcome} (ok, error); dry runs are not counted. */
  public static final String MAINTAINED = "icegate.maintenance.tables";
  /** Data files removed from the current state by compaction (files before - files after). */
  public static final String COMPACTED = "icegate.maintenance.files_compacted";
  /** Snapshots expired. */
  public static final String EXPIRED = "icegate.maintenance.snapshots_expired";
  /** Orphan files deleted. */
  public static final String ORPHANS = "icegate.maintenance.orphans_removed";

  private Instrumented() {}

  /** The ingest function, counted and timed. */
  public static Function<ObjectCreated, IngestReport> ingest(Function<ObjectCreated, IngestReport> f, Telemetry t) {
    return event -> {
      long started = System.nanoTime();
      IngestReport r = f.apply(event);
      String status = r.status().json();
      t.count(UPLOADS, 1, "status", status);
      t.count(ROWS, r.rowsAccepted(), "outcome", "accepted");
      t.count(ROWS, r.rowsRejected(), "outcome", "rejected");
      t.time(INGEST_TIME, Duration.ofNanos(System.nanoTime() - started), "status", status);
      return r;
    };
  }

  /** The API function, counted and timed by status class. */
  public static Function<HttpRequest, HttpResponse> api(Function<HttpRequest, HttpResponse> f, Telemetry t) {
    return request -> {
      long started = System.nanoTime();
      HttpResponse r = f.apply(request);
      String status = r.status() / 100 + "xx";
      t.count(REQUESTS, 1, "status", status);
      t.time(REQUEST_TIME, Duration.ofNanos(System.nanoTime() - started), "status", status);
      return r;
    };
  }

  /** Ingest's follow-up, counting the batches it profiled and those it could not. */
  public static Function<ProfileRequest, ProfileResult> profileBatches(
      Function<ProfileRequest, ProfileResult> f, Telemetry t) {
    return request -> {
      ProfileResult r = f.apply(request);
      t.count(PROFILED, r.profiled().size(), "outcome", "profiled");
      t.count(PROFILED, r.failed().size(), "outcome", "failed");
      return r;
    };
  }

  /** The maintenance function, counting what a real (not dry) run changed. */
  public static Function<MaintenanceRequest, MaintenanceResult> maintainTables(
      Function<MaintenanceRequest, MaintenanceResult> f, Telemetry t) {
    return request -> {
      MaintenanceResult r = f.apply(request);
      if (r.dryRun()) {
        return r;
      }
      for (TableReport table : r.tables()) {
        t.count(MAINTAINED, 1, "outcome", table.ok() ? "ok" : "error");
        if (table.compaction() != null) {
          t.count(COMPACTED, Math.max(0, table.compaction().filesBefore() - table.compaction().filesAfter()));
        }
        if (table.expiry() != null) {
          t.count(EXPIRED, table.expiry().expired());
        }
        if (table.orphans() != null) {
          t.count(ORPHANS, table.orphans().removed());
        }
      }
      return r;
    };
  }

  /** The drift scan function, counting scans, refusals and what tripped budgets sent. */
  public static Function<ScanRequest, DriftSummary> scanDrift(Function<ScanRequest, DriftSummary> f, Telemetry t) {
    return request -> {
      DriftSummary s = f.apply(request);
      for (DriftScan scan : s.scans()) {
        t.count(SCANS, 1, "drifted", String.valueOf(scan.dataset().drifted()));
      }
      t.count(SCAN_FAILURES, s.failures().size());
      for (BudgetOutcome b : s.budgets()) {
        for (BudgetOutcome.TrippedRule rule : b.tripped()) {
          t.count(NOTICES, 1, "kind", "alert", "status", rule.alert().status().json());
        }
        if (b.retrain() != null) {
          t.count(NOTICES, 1, "kind", "retrain", "status", b.retrain().status().json());
        }
      }
      return s;
    };
  }
}
