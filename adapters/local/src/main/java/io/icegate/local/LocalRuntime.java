package io.icegate.local;

import io.icegate.IcegateFunctions;
import io.icegate.auth.Authenticator;
import io.icegate.auth.ObjectStoreTokenStore;
import java.time.Clock;
import io.icegate.infra.observe.MicrometerTelemetry;
import io.icegate.observe.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.ingest.ObjectCreated;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The local platform: a functional Spring context (no scanning, no Boot auto-configuration) with
 * the home's ports, icegate's function beans and Spring Cloud Function's catalog, so the CLI and
 * the watcher call {@code ingest} through the same catalog lookup the cloud adapters use.
 */
public final class LocalRuntime implements AutoCloseable {

  private final LocalIcegate icegate;
  private final GenericApplicationContext context;
  private final FunctionInvocationWrapper ingest;
  private final long startupMillis;
  private final PrometheusMeterRegistry metrics;

  private LocalRuntime(LocalIcegate icegate, GenericApplicationContext context, long startupMillis,
      PrometheusMeterRegistry metrics) {
    this.icegate = icegate;
    this.metrics = metrics;
    this.context = context;
    this.ingest = context.getBean(FunctionCatalog.class).lookup(IcegateFunctions.INGEST);
    if (ingest == null) {
      throw new IllegalStateException("function '" + IcegateFunctions.INGEST + "' is not in the catalog");
    }
    this.startupMillis = startupMillis;
  }

  /** Opens the home and starts the context. */
  public static LocalRuntime start(IcegateHome home) throws IOException {
    long t0 = System.nanoTime();
    LocalIcegate icegate = LocalIcegate.open(home);
    GenericApplicationContext ctx = new GenericApplicationContext();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("icegate-local", Map.of(
          // ContextFunctionCatalogInitializer does nothing unless this is set
          "spring.functional.enabled", "true",
          // our beans are registered explicitly; skip the classpath scan of package "functions"
          "spring.cloud.function.scan.enabled", "false")));
      icegate.initialize(ctx);
      ctx.registerBean(Telemetry.class, () -> new MicrometerTelemetry(metrics));
      new IcegateFunctions().initialize(ctx);
      new ContextFunctionCatalogInitializer().initialize(ctx);
      ctx.refresh();
      return new LocalRuntime(icegate, ctx, (System.nanoTime() - t0) / 1_000_000, metrics);
    } catch (RuntimeException e) {
      ctx.close();
      icegate.close();
      throw e;
    }
  }

  /** The ports of the home. */
  public LocalIcegate icegate() {
    return icegate;
  }

  /** The Spring context, e.g. to reach a bean directly. */
  public GenericApplicationContext context() {
    return context;
  }

  /** The {@code ingest} function as the catalog returns it: ObjectCreated in, IngestReport out. */
  public Function<ObjectCreated, IngestReport> ingest() {
    return event -> (IngestReport) ingest.apply(event);
  }

  /** The {@code profileBatches} function (ingest's follow-up) as the catalog returns it. */
  public Function<ProfileRequest, ProfileResult> profileBatches() {
    FunctionInvocationWrapper profile = context.getBean(FunctionCatalog.class).lookup(IcegateFunctions.PROFILE_BATCHES);
    if (profile == null) {
      throw new IllegalStateException("function '" + IcegateFunctions.PROFILE_BATCHES + "' is not in the catalog");
    }
    return request -> (ProfileResult) profile.apply(request);
  }

  /** The {@code api} function as the catalog returns it: HttpRequest in, HttpResponse out. */
  public Function<HttpRequest, HttpResponse> api() {
    FunctionInvocationWrapper api = context.getBean(FunctionCatalog.class).lookup(IcegateFunctions.API);
    if (api == null) {
      throw new IllegalStateException("function '" + IcegateFunctions.API + "' is not in the catalog");
    }
    return request -> (HttpResponse) api.apply(request);
  }

  /** What {@code serve} answers over HTTP: {@code GET /metrics} here, everything else by the api function. */
  public Function<HttpRequest, HttpResponse> http() {
    return new MetricsEndpoint(api(), new Authenticator(new ObjectStoreTokenStore(icegate.store()), Clock.systemUTC()),
        metrics::scrape);
  }

  /** The catalog's wrapper around the bean. */
  FunctionInvocationWrapper ingestWrapper() {
    return ingest;
  }

  /** Milliseconds from opening the home to a ready function catalog. */
  public long startupMillis() {
    return startupMillis;
  }

  @Override
  public void close() throws IOException {
    context.close();
    icegate.close();
  }
}
