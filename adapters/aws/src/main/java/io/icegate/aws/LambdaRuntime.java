package io.icegate.aws;

import io.icegate.infra.aws.AwsIcegate;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.observe.EmfTelemetry;
import io.icegate.observe.Telemetry;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.IcegateFunctions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.context.FunctionProperties;
import org.springframework.cloud.function.context.catalog.BeanFactoryAwareFunctionRegistry;
import org.springframework.cloud.function.context.config.JsonMessageConverter;
import org.springframework.cloud.function.json.JacksonMapper;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.converter.CompositeMessageConverter;

/**
 * One functional Spring context per Lambda container (no Boot auto-configuration, no scanning,
 * no annotation processing): the platform's ports, icegate's function beans and Spring Cloud
 * Function's catalog, in which every handler looks its bean up by name.
 */
public final class LambdaRuntime implements Closeable {

  private static volatile LambdaRuntime shared;

  private final LambdaSettings settings;
  private final GenericApplicationContext context;
  private final FunctionCatalog catalog;
  private final Closeable ports;
  private final long startupMillis;

  private LambdaRuntime(LambdaSettings settings, GenericApplicationContext context, Closeable ports, long startupMillis) {
    this.settings = settings;
    this.context = context;
    this.catalog = context.getBean(FunctionCatalog.class);
    this.ports = ports;
    this.startupMillis = startupMillis;
  }

  /**
   * The container's runtime, started on first use from the process environment. Handlers call
   * this in their constructor, so the context is built in Lambda's init phase (and in a SnapStart
   * snapshot), not in the first invocation.
   */
  public static LambdaRuntime shared() {
    LambdaRuntime r = shared;
    if (r == null) {
      synchronized (LambdaRuntime.class) {
        r = shared;
        if (r == null) {
          r = start(System.getenv());
          shared = r;
        }
      }
    }
    return r;
  }

  /** Starts a runtime over the ports the environment names (see {@link LambdaSettings}). */
  public static LambdaRuntime start(Map<String, String> env) {
    long t0 = System.nanoTime();
    Ports ports = ports(env);
    LambdaSettings settings = ports.settings();
    GenericApplicationContext ctx = new GenericApplicationContext();
    try {
      ports.initializer().initialize(ctx);
      String function = env.get("AWS_LAMBDA_FUNCTION_NAME");
      if (function != null && !function.isBlank()) {
        // metrics as CloudWatch Embedded Metric Format lines on stdout, which Lambda ships to CloudWatch
        ctx.registerBean(Telemetry.class, () -> new EmfTelemetry(System.out, Clock.systemUTC(), function));
      }
      new IcegateFunctions().initialize(ctx);
      registerCatalog(ctx);
      ctx.refresh();
      return new LambdaRuntime(settings, ctx, ports.closeable(), (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      ctx.close();
      closeQuietly(ports.closeable(), e);
      throw e;
    }
  }

  /**
   * Spring Cloud Function's catalog over the context's {@code FunctionRegistration} beans, registered
   * directly: ContextFunctionCatalogInitializer would also register annotation processing, Boot's
   * property binding and the converters of every content type, which a cold start pays for and the
   * handlers do not use (they hand the beans core records, not messages).
   */
  static void registerCatalog(GenericApplicationContext ctx) {
    ctx.registerBean(FunctionCatalog.class, () -> {
      JsonMapper json = new JacksonMapper(tools.jackson.databind.json.JsonMapper.builder().build());
      BeanFactoryAwareFunctionRegistry registry = new BeanFactoryAwareFunctionRegistry(new DefaultConversionService(),
          new CompositeMessageConverter(List.of(new JsonMessageConverter(json))), json, new FunctionProperties(), null);
      registry.setApplicationContext(ctx);
      return registry;
    });
  }

  /**
   * The ports of the platform: the bucket and catalog {@link AwsIcegate} reads from the environment,
   * or an icegate home when ICEGATE_HOME is set (tests, benchmarks; ICEGATE_BUCKET then only names
   * the bucket whose notifications are accepted).
   */
  private static Ports ports(Map<String, String> env) {
    String home = env.get(IcegateHome.ENV);
    if (home != null && !home.isBlank()) {
      try {
        LocalIcegate local = LocalIcegate.open(IcegateHome.resolve(null, env));
        return new Ports(local, local, LambdaSettings.fromEnvironment(env));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the icegate home " + home, e);
      }
    }
    AwsIcegate aws = AwsIcegate.fromEnvironment(env);
    return new Ports(aws, aws, new LambdaSettings(aws.settings().bucket(), aws.settings().prefix()));
  }

  /** The settings the handlers read (bucket, prefix). */
  public LambdaSettings settings() {
    return settings;
  }

  /** The Spring context, e.g. to reach a port in a test. */
  public GenericApplicationContext context() {
    return context;
  }

  /**
   * The catalog's wrapper of the function bean {@code name}.
   *
   * @throws IllegalStateException when no such function is registered
   */
  public FunctionInvocationWrapper function(String name) {
    FunctionInvocationWrapper function = catalog.lookup(name);
    if (function == null) {
      throw new IllegalStateException("function '" + name + "' is not in the function catalog");
    }
    return function;
  }

  /** Milliseconds from reading the environment to a ready function catalog. */
  public long startupMillis() {
    return startupMillis;
  }

  @Override
  public void close() throws IOException {
    context.close();
    ports.close();
  }

  private static void closeQuietly(Closeable c, Exception cause) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private record Ports(ApplicationContextInitializer<GenericApplicationContext> initializer, Closeable closeable,
      LambdaSettings settings) {
    Ports {
      Objects.requireNonNull(initializer);
      Objects.requireNonNull(closeable);
    }
  }
}
