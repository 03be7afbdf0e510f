package io.icegate.aws;

import io.icegate.IcegateFunctions;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Measures, in a fresh JVM, the Spring part of a cold start: the context with icegate's beans and
 * the function catalog, up to the catalog's lookup of every handler's bean, registered as
 * {@link LambdaRuntime} does ("lean") or through ContextFunctionCatalogInitializer ("initializer").
 * The ports (a local home) are opened first and not counted. Prints milliseconds.
 */
public final class CatalogStartupProbe {
  public static void main(String[] args) throws Exception {
    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    try (LocalIcegate ports = LocalIcegate.open(new IcegateHome(Path.of(args[1])))) {
      long t0 = System.nanoTime();
      GenericApplicationContext ctx = new GenericApplicationContext();
      ports.initialize(ctx);
      new IcegateFunctions().initialize(ctx);
      if (args[0].equals("lean")) {
        LambdaRuntime.registerCatalog(ctx);
      } else {
        ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("p", Map.of(
            "spring.functional.enabled", "true", "spring.cloud.function.scan.enabled", "false")));
        new ContextFunctionCatalogInitializer().initialize(ctx);
      }
      ctx.refresh();
      FunctionCatalog catalog = ctx.getBean(FunctionCatalog.class);
      for (String name : new String[] {IcegateFunctions.INGEST, IcegateFunctions.API, IcegateFunctions.SCAN_DRIFT,
          IcegateFunctions.COMPARE_SHADOW, IcegateFunctions.MAINTAIN_TABLES}) {
        if (catalog.lookup(name) == null) {
          throw new IllegalStateException(name);
        }
      }
      System.out.println(args[0] + " " + (System.nanoTime() - t0) / 1_000_000 + " ms context, "
          + (System.currentTimeMillis() - jvmStart) + " ms since JVM start");
      ctx.close();
    }
  }
}
