package io.icegate.azure;

import io.icegate.IcegateFunctions;
import io.icegate.infra.observe.MicrometerTelemetry;
import io.icegate.observe.Telemetry;
import io.micrometer.core.instrument.Metrics;
import io.icegate.infra.azure.AzureIcegate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The functional Spring context of one Functions worker: {@link AzureIcegate}'s ports, the
 * {@link IcegateFunctions} beans and the {@link AzureHandlers} the worker invokes. Built once, on
 * the first invocation, and closed when the worker's JVM exits.
 */
public final class AzureRuntime implements AutoCloseable {

  private static AzureRuntime shared;

  private final AzureIcegate icegate;
  private final GenericApplicationContext context;

  private AzureRuntime(AzureIcegate icegate) {
    this.icegate = icegate;
    this.context = new GenericApplicationContext();
    icegate.initialize(context);
    // Micrometer's global registry: the Application Insights Java agent of the Functions host
    // collects what is recorded there as customMetrics, with no SDK call of ours
    context.registerBean(Telemetry.class, () -> new MicrometerTelemetry(Metrics.globalRegistry));
    new IcegateFunctions().initialize(context);
    context.registerBean(AzureRuntime.class, () -> this);
    context.registerBean(AzureHandlers.class, () -> new AzureHandlers(this));
    context.refresh();
  }

  /** A runtime over an environment (tests pass Azurite's settings). */
  public static AzureRuntime open(Map<String, String> env) throws IOException {
    return new AzureRuntime(AzureIcegate.open(env));
  }

  /** The worker's runtime, from the app settings; built on first use. */
  public static synchronized AzureRuntime shared() {
    if (shared == null) {
      try {
        shared = open(System.getenv());
      } catch (IOException e) {
        throw new UncheckedIOException("icegate could not start from the app settings", e);
      }
      AzureRuntime runtime = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "icegate-shutdown"));
    }
    return shared;
  }

  /** Makes {@code runtime} the worker's runtime (tests, or a host that builds its own); null clears it. */
  static synchronized void share(AzureRuntime runtime) {
    shared = runtime;
  }

  /** A bean of the context, such as the {@link AzureHandlers} instance. */
  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public AzureIcegate icegate() {
    return icegate;
  }

  /** Whether this build registers a function bean named {@code name}. */
  public boolean hasFunction(String name) {
    return context.containsBean(name);
  }

  /**
   * The function bean registered under {@code name} (see {@link IcegateFunctions}).
   *
   * @throws IllegalStateException when this build registers no such function
   */
  @SuppressWarnings("unchecked")
  public Function<Object, Object> function(String name) {
    if (!hasFunction(name)) {
      throw new IllegalStateException("no function bean '" + name + "' is registered in this build");
    }
    return (Function<Object, Object>) context.getBean(name, FunctionRegistration.class).getTarget();
  }

  @Override
  public void close() {
    context.close();
    try {
      icegate.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
