package io.icegate.infra.config;

import io.icegate.engine.DuckEngine;
import io.icegate.ingest.IngestLimits;
import io.icegate.notify.Notifier;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.context.support.GenericApplicationContext;

/** Registers a platform's ports as the beans {@link io.icegate.IcegateFunctions} needs. */
public final class PortBeans {

  private PortBeans() {}

  /** The ports, with the default ingest limits; the notifier is made when first asked for. */
  public static void register(GenericApplicationContext ctx, ObjectStore store, IcegateTables tables,
      DuckEngine engine, Clock clock, Supplier<Notifier> notifier) {
    ctx.registerBean(ObjectStore.class, () -> store);
    ctx.registerBean(IcegateTables.class, () -> tables);
    ctx.registerBean(DuckEngine.class, () -> engine);
    ctx.registerBean(Clock.class, () -> clock);
    ctx.registerBean(IngestLimits.class, () -> IngestLimits.DEFAULTS);
    ctx.registerBean(Notifier.class, notifier);
  }
}
