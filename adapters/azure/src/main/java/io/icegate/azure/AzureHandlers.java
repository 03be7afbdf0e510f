package io.icegate.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.icegate.IcegateFunctions;
import io.icegate.api.ApiException;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.api.JsonBody;
import io.icegate.gate.GateException;
import io.icegate.gate.ShadowRequest;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileBatches;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.monitor.DriftSummary;
import io.icegate.monitor.ScanRequest;
import java.util.Optional;
import java.util.logging.Level;

/**
 * The Azure Functions entry points. Each maps its trigger's payload to icegate's record, calls the
 * function bean of the same name and maps the answer back; instances come from
 * {@link AzureRuntime} through {@link SpringInstanceInjector}.
 */
public final class AzureHandlers {

  /** Uploads are ingested only under this key prefix. */
  public static final String LANDING = "landing/";

  private final AzureRuntime runtime;

  AzureHandlers(AzureRuntime runtime) {
    this.runtime = runtime;
  }

  /** For a worker that does not load {@link SpringInstanceInjector}: the same shared runtime. */
  public AzureHandlers() {
    this(AzureRuntime.shared());
  }

  /** BlobCreated from Event Grid (either schema): ingests the blob if it is under landing/ of our container. */
  @FunctionName(IcegateFunctions.INGEST)
  public void ingest(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
    IngestReport report = ingest(event);
    context.getLogger().info(() -> "ingest " + report.key() + ": " + report.status() + " batch " + report.batchId());
  }

  /**
   * The ingest mapping, for the entry point and the tests: the report of the upload. A committed
   * batch's column profiles (ingest's follow-up) are written next, once its rows are visible; a
   * failure there leaves the upload done (drift scans read those rows, the catch-up retries).
   */
  IngestReport ingest(String event) {
    BlobCreated created = BlobCreated.parse(event);
    String key = runtime.icegate().store().keyOf(created.url()).orElseThrow(() -> new IllegalArgumentException(
        "refused: " + created.url().getHost() + created.url().getPath() + " is not in container '"
            + runtime.icegate().store().containerName() + "'" + prefixNote()));
    if (!key.startsWith(LANDING)) {
      throw new IllegalArgumentException("refused: '" + key + "' is not under " + LANDING);
    }
    IngestReport report = (IngestReport) runtime.function(IcegateFunctions.INGEST)
        .apply(new ObjectCreated(key, created.size(), created.etag(), created.eventTime()));
    ProfileBatches.after(report, runtime.function(IcegateFunctions.PROFILE_BATCHES));
    return report;
  }

  private String prefixNote() {
    String prefix = runtime.icegate().store().prefix();
    return prefix.isEmpty() ? "" : " under '" + prefix + "'";
  }

  /** The icegate HTTP API; function keys at the edge, icegate bearer tokens inside. */
  @FunctionName(IcegateFunctions.API)
  public HttpResponseMessage api(
      @HttpTrigger(name = "request", route = "v1/{*path}", authLevel = AuthorizationLevel.FUNCTION,
          dataType = "binary", methods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
              HttpMethod.DELETE, HttpMethod.HEAD, HttpMethod.OPTIONS})
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    HttpRequest in = HttpMessages.toIcegate(request, context.getInvocationId());
    HttpResponse out = (HttpResponse) runtime.function(IcegateFunctions.API).apply(in);
    return HttpMessages.toAzure(request, out);
  }

  /** The scheduled drift scan: every monitor that is due. */
  @FunctionName(IcegateFunctions.SCAN_DRIFT)
  public void scanDrift(
      @TimerTrigger(name = "timer", schedule = "%ICEGATE_SCAN_SCHEDULE%") String timerInfo, ExecutionContext context) {
    TimerInfo.parse(timerInfo);
    DriftSummary summary = (DriftSummary) runtime.function(IcegateFunctions.SCAN_DRIFT).apply(ScanRequest.ALL);
    context.getLogger().info(() -> "scanDrift: " + summary);
  }

  /** Scheduled catch-up of ingest's follow-up: profiles of committed batches that have none yet. */
  @FunctionName(IcegateFunctions.PROFILE_BATCHES)
  public void profileBatches(
      @TimerTrigger(name = "timer", schedule = "%ICEGATE_PROFILE_SCHEDULE%") String timerInfo,
      ExecutionContext context) {
    TimerInfo.parse(timerInfo);
    ProfileResult result = (ProfileResult) runtime.function(IcegateFunctions.PROFILE_BATCHES).apply(ProfileRequest.ALL);
    context.getLogger().info(() -> "profileBatches: " + result.profiled().size() + " profiled, "
        + result.failed().size() + " failed");
  }

  /** Scheduled table maintenance (compaction, snapshot expiry keeping tags, orphan removal). */
  @FunctionName(IcegateFunctions.MAINTAIN_TABLES)
  public void maintainTables(
      @TimerTrigger(name = "timer", schedule = "%ICEGATE_MAINTAIN_SCHEDULE%") String timerInfo,
      ExecutionContext context) {
    TimerInfo.parse(timerInfo);
    Object result = runtime.function(IcegateFunctions.MAINTAIN_TABLES).apply(null); // null: every table, the defaults
    context.getLogger().info(() -> "maintainTables: " + result);
  }

  /**
   * A shadow/canary comparison, for schedulers outside icegate (Logic Apps, CI): POST a
   * ShadowRequest as JSON. Admin (master) key only: it acts as the schedule, without an icegate token.
   */
  @FunctionName(IcegateFunctions.COMPARE_SHADOW)
  public HttpResponseMessage compareShadow(
      @HttpTrigger(name = "request", route = "ops/compare-shadow", authLevel = AuthorizationLevel.ADMIN,
          dataType = "binary", methods = {HttpMethod.POST})
      HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    HttpRequest in = HttpMessages.toIcegate(request, context.getInvocationId());
    HttpResponse out;
    try {
      ShadowRequest shadow = JsonBody.read(in, ShadowRequest.class);
      out = HttpResponse.ok(runtime.function(IcegateFunctions.COMPARE_SHADOW).apply(shadow));
    } catch (ApiException e) {
      out = e.toResponse(in.path(), in.requestId());
    } catch (GateException e) {
      // as the API maps the gate's refusals
      ApiException problem = switch (e.reason()) {
        case NOT_FOUND -> ApiException.notFound(e.getMessage());
        case FORBIDDEN -> ApiException.of(403, e.getMessage());
        case INVALID, UNMET -> ApiException.of(422, e.getMessage());
      };
      out = problem.toResponse(in.path(), in.requestId());
    } catch (IllegalArgumentException e) {
      context.getLogger().log(Level.WARNING, "compareShadow refused", e);
      out = ApiException.badRequest(e.getMessage()).toResponse(in.path(), in.requestId());
    }
    return HttpMessages.toAzure(request, out);
  }
}
