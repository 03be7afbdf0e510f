package io.icegate.api;

import io.icegate.auth.Scope;
import io.icegate.gate.PolicyException;
import io.icegate.monitor.DriftScans;
import io.icegate.monitor.MonitorException;
import io.icegate.monitor.ScanMode;
import io.icegate.monitor.ScanRequest;
import java.time.Instant;
import java.util.Map;

/**
 * Drift scans over HTTP: run a model's monitors now ({@code POST}, scope {@code scan}: a scan
 * records results and may alert owners and trigger a retrain), list recent scans and read a scan's
 * HTML report (scope {@code read}).
 */
public final class DriftRoutes {

  private static final String SCANS = "/v1/models/{model}/drift-scans";

  private final DriftScans scans;

  public DriftRoutes(DriftScans scans) {
    this.scans = scans;
  }

  /** Adds the drift routes to a route table. */
  public ApiRoutes.Builder addTo(ApiRoutes.Builder routes) {
    return routes
        .post(SCANS, Scope.SCAN, translated(this::scan))
        .get(SCANS, Scope.READ, translated(this::recent))
        .get(SCANS + "/{scanId}/report", Scope.READ, translated(this::report));
  }

  /** Body of a scan request: every field may be left out (all monitors, their own mode, now). */
  record ScanBody(String monitor, String mode, Instant at) {}

  private HttpResponse scan(ApiCall call) {
    ScanBody b = call.body(ScanBody.class);
    ScanMode mode = null;
    if (b.mode() != null) {
      try {
        mode = ScanMode.of(b.mode());
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidField("/mode", e.getMessage());
      }
    }
    return HttpResponse.ok(scans.scan(new ScanRequest(call.path("model"), b.monitor(), mode, b.at())));
  }

  private HttpResponse recent(ApiCall call) {
    long limit = call.queryLong("limit").orElse(20L);
    if (limit < 1 || limit > DriftScans.MAX_RECENT) {
      throw ApiException.invalidParameter("limit", "must be within [1, " + DriftScans.MAX_RECENT + "], found " + limit);
    }
    return HttpResponse.ok(Map.of("scans",
        scans.recent(call.path("model"), call.query("monitor").orElse(null), (int) limit)));
  }

  private HttpResponse report(ApiCall call) {
    byte[] html = scans.report(call.path("model"), call.path("scanId")).orElseThrow(() -> ApiException.notFound(
        "model '" + call.path("model") + "' has no drift scan report '" + call.path("scanId") + "'"));
    return new HttpResponse(200, Headers.EMPTY.with("Content-Type", "text/html; charset=utf-8"), html);
  }

  /** Maps the monitors' refusals: 404 for a missing model, monitor or data, 422 for what cannot be compared. */
  private static Handler translated(Handler handler) {
    return call -> {
      try {
        return handler.handle(call);
      } catch (MonitorException e) {
        throw e.reason() == MonitorException.Reason.NOT_FOUND ? ApiException.notFound(e.getMessage())
            : ApiException.of(422, e.getMessage());
      } catch (PolicyException e) {
        throw ApiException.of(422, e.getMessage());
      }
    };
  }
}
