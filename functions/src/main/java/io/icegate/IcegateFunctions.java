package io.icegate;

import io.icegate.api.ApiFunction;
import io.icegate.api.ApiLimits;
import io.icegate.api.ApiRoutes;
import io.icegate.api.DriftRoutes;
import io.icegate.api.HealthRoutes;
import io.icegate.api.FeedbackRoutes;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.api.ModelRoutes;
import io.icegate.auth.Authenticator;
import io.icegate.auth.ObjectStoreTokenStore;
import io.icegate.engine.DuckEngine;
import io.icegate.feedback.FeedbackService;
import io.icegate.feedback.ReviewQueue;
import io.icegate.gate.GateService;
import io.icegate.gate.Promotions;
import io.icegate.gate.ShadowRequest;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestLimits;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileBatches;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.maintenance.MaintenanceRequest;
import io.icegate.maintenance.MaintenanceResult;
import io.icegate.maintenance.TableMaintainer;
import io.icegate.monitor.DriftScanner;
import io.icegate.monitor.DriftScans;
import io.icegate.monitor.DriftSummary;
import io.icegate.monitor.ScanRequest;
import io.icegate.notify.AlertGate;
import io.icegate.notify.AlertLog;
import io.icegate.notify.DeliveryLog;
import io.icegate.notify.Notifications;
import io.icegate.notify.Notifier;
import io.icegate.observe.Instrumented;
import io.icegate.observe.Telemetry;
import io.icegate.registry.Registry;
import io.icegate.shadow.ShadowResult;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Registers icegate's function beans functionally (no component scanning), by the names every
 * platform uses. The ports they need ({@link ObjectStore}, {@link IcegateTables},
 * {@link DuckEngine}, {@link Clock}, {@link IngestLimits}) are beans the platform registers first;
 * a {@link Notifier} and a {@link Telemetry} bean are optional.
 */
public final class IcegateFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

  /** Bean name of the ingest function. */
  public static final String INGEST = "ingest";

  /** Bean name of ingest's follow-up: column profiles of committed batches. */
  public static final String PROFILE_BATCHES = "profileBatches";

  /** Bean name of the HTTP API. */
  public static final String API = "api";

  /** Bean name of the scheduled shadow/canary comparison. */
  public static final String COMPARE_SHADOW = "compareShadow";

  /** Bean name of the drift scan over the policies' monitors. */
  public static final String SCAN_DRIFT = "scanDrift";

  /** Bean name of table maintenance (compaction, snapshot expiry, orphan removal). */
  public static final String MAINTAIN_TABLES = "maintainTables";

  /** Actor recorded for work a schedule starts. */
  public static final String SCHEDULE_ACTOR = "schedule";

  @Override
  public void initialize(GenericApplicationContext ctx) {
    ctx.registerBean(INGEST, FunctionRegistration.class, () -> new FunctionRegistration<>(
            Instrumented.ingest(new IngestFunction(
                ctx.getBean(ObjectStore.class),
                ctx.getBean(IcegateTables.class),
                ctx.getBean(DuckEngine.class),
                ctx.getBean(Clock.class),
                ctx.getBean(IngestLimits.class)), telemetry(ctx)),
            INGEST)
        .type(FunctionTypeUtils.functionType(ObjectCreated.class, IngestReport.class)));
    ctx.registerBean(PROFILE_BATCHES, FunctionRegistration.class, () -> new FunctionRegistration<>(
            Instrumented.profileBatches(new ProfileBatches(ctx.getBean(IcegateTables.class),
                ctx.getBean(DuckEngine.class), ctx.getBean(Clock.class)), telemetry(ctx)),
            PROFILE_BATCHES)
        .type(FunctionTypeUtils.functionType(ProfileRequest.class, ProfileResult.class)));
    ctx.registerBean(Registry.class, () -> new Registry(
        ctx.getBean(IcegateTables.class),
        ctx.getBean(ObjectStore.class), ctx.getBean(Clock.class)));
    ctx.registerBean(GateService.class, () -> new GateService(
        ctx.getBean(IcegateTables.class), ctx.getBean(ObjectStore.class), ctx.getBean(DuckEngine.class),
        ctx.getBean(Registry.class), ctx.getBean(Clock.class), telemetry(ctx)));
    ctx.registerBean(Promotions.class, () -> new Promotions(ctx.getBean(Registry.class), ctx.getBean(GateService.class)));
    ctx.registerBean(FeedbackService.class, () -> new FeedbackService(
        ctx.getBean(ObjectStore.class), ctx.getBean(IcegateTables.class), ctx.getBean(DuckEngine.class),
        ctx.getBean(Clock.class), ingest(ctx)));
    ctx.registerBean(ReviewQueue.class, () -> new ReviewQueue(
        ctx.getBean(IcegateTables.class), ctx.getBean(DuckEngine.class), ctx.getBean(Clock.class)));
    ctx.registerBean(ApiRoutes.class, () -> {
      ApiRoutes.Builder routes = ApiRoutes.builder();
      new ModelRoutes(ctx.getBean(Registry.class), ctx.getBean(GateService.class), ctx.getBean(Promotions.class))
          .addTo(routes);
      new FeedbackRoutes(ctx.getBean(FeedbackService.class), ctx.getBean(ReviewQueue.class)).addTo(routes);
      new DriftRoutes(ctx.getBean(DriftScans.class)).addTo(routes);
      new HealthRoutes(ctx.getBean(IcegateTables.class), ctx.getBean(ObjectStore.class), ctx.getBean(DuckEngine.class))
          .addTo(routes);
      return routes.build();
    });
    ctx.registerBean(API, FunctionRegistration.class, () -> new FunctionRegistration<>(
            Instrumented.api(new ApiFunction(
                ctx.getBean(ApiRoutes.class),
                new Authenticator(new ObjectStoreTokenStore(ctx.getBean(ObjectStore.class)), ctx.getBean(Clock.class)),
                ApiLimits.DEFAULTS), telemetry(ctx)),
            API)
        .type(FunctionTypeUtils.functionType(HttpRequest.class, HttpResponse.class)));
    ctx.registerBean(COMPARE_SHADOW, FunctionRegistration.class, () -> new FunctionRegistration<>(
            (Function<ShadowRequest, ShadowResult>) request ->
                ctx.getBean(GateService.class).compareShadow(SCHEDULE_ACTOR, request),
            COMPARE_SHADOW)
        .type(FunctionTypeUtils.functionType(ShadowRequest.class, ShadowResult.class)));
    // the context is not refreshed yet: ask the bean factory for definitions, not beans
    if (ctx.getDefaultListableBeanFactory().getBeanNamesForType(Notifier.class, true, false).length > 0) {
      ctx.registerBean(Notifications.class, () -> new Notifications(ctx.getBean(Notifier.class),
          new AlertGate(new AlertLog(ctx.getBean(IcegateTables.class)), ctx.getBean(Clock.class)),
          new DeliveryLog(ctx.getBean(IcegateTables.class)), telemetry(ctx)));
    }
    ctx.registerBean(DriftScans.class, () -> new DriftScans(ctx.getBean(ObjectStore.class),
        new DriftScanner(ctx.getBean(IcegateTables.class), ctx.getBean(DuckEngine.class),
            ctx.getBean(Registry.class), ctx.getBean(Clock.class), ctx.getBean(ObjectStore.class)),
        ctx.getBean(Clock.class), ctx.getBeanProvider(Notifications.class).getIfAvailable()));
    ctx.registerBean(SCAN_DRIFT, FunctionRegistration.class, () -> new FunctionRegistration<>(
            Instrumented.scanDrift(request -> ctx.getBean(DriftScans.class).scan(request), telemetry(ctx)),
            SCAN_DRIFT)
        .type(FunctionTypeUtils.functionType(ScanRequest.class, DriftSummary.class)));
    ctx.registerBean(TableMaintainer.class, () -> new TableMaintainer(
        ctx.getBean(IcegateTables.class), ctx.getBean(DuckEngine.class), ctx.getBean(Clock.class)));
    ctx.registerBean(MAINTAIN_TABLES, FunctionRegistration.class, () -> new FunctionRegistration<>(
            Instrumented.maintainTables(request ->
                ctx.getBean(TableMaintainer.class).maintain(request == null ? MaintenanceRequest.ALL : request),
                telemetry(ctx)),
            MAINTAIN_TABLES)
        .type(FunctionTypeUtils.functionType(MaintenanceRequest.class, MaintenanceResult.class)));
  }

  /** The platform's telemetry bean, or none. */
  private static Telemetry telemetry(GenericApplicationContext ctx) {
    return ctx.getBeanProvider(Telemetry.class).getIfAvailable(() -> Telemetry.NONE);
  }

  /**
   * The {@code ingest} bean's function followed by its follow-up, {@code profileBatches}, as every
   * platform runs them: the feedback service writes labels through it.
   */
  @SuppressWarnings("unchecked")
  private static Function<ObjectCreated, IngestReport> ingest(GenericApplicationContext ctx) {
    Function<ObjectCreated, IngestReport> ingest =
        (Function<ObjectCreated, IngestReport>) ctx.getBean(INGEST, FunctionRegistration.class).getTarget();
    Function<ProfileRequest, ProfileResult> profile =
        (Function<ProfileRequest, ProfileResult>) ctx.getBean(PROFILE_BATCHES, FunctionRegistration.class).getTarget();
    return event -> {
      IngestReport report = ingest.apply(event);
      ProfileBatches.after(report, profile);
      return report;
    };
  }
}
