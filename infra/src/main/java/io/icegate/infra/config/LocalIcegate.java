package io.icegate.infra.config;

import io.icegate.engine.DuckEngine;
import io.icegate.infra.catalog.Catalogs;
import io.icegate.infra.notify.LocalSecrets;
import io.icegate.infra.notify.RetryPolicy;
import io.icegate.infra.notify.WebhookNotifier;
import io.icegate.infra.store.LocalObjectStore;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestLimits;
import io.icegate.ingest.ProfileBatches;
import io.icegate.notify.AlertGate;
import io.icegate.notify.AlertLog;
import io.icegate.notify.DeliveryLog;
import io.icegate.notify.Notifications;
import io.icegate.notify.Notifier;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The ports of an embedded install: the home's local object store, the catalog its properties
 * name (SQLite by default), and a DuckDB engine spilling into the home's tmp folder.
 */
public final class LocalIcegate implements Closeable, ApplicationContextInitializer<GenericApplicationContext> {

  /** Setting naming the namespace of dataset tables. */
  public static final String DATASETS_NAMESPACE = "datasets.namespace";
  /** Setting for DuckDB's memory limit, e.g. {@code 2GB}. */
  public static final String MEMORY_LIMIT = "engine.memory-limit";
  /** Setting for DuckDB's worker threads. */
  public static final String THREADS = "engine.threads";

  private final IcegateHome home;
  private final ObjectStore store;
  private final Catalog catalog;
  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Clock clock;
  private Notifier notifier;

  private LocalIcegate(IcegateHome home, ObjectStore store, Catalog catalog, Map<String, String> settings) {
    this.home = home;
    this.store = store;
    this.catalog = catalog;
    this.tables = new IcegateTables(catalog, settings.getOrDefault(DATASETS_NAMESPACE, "datasets"));
    DuckEngine defaults = DuckEngine.defaults(home.tmp());
    this.engine = new DuckEngine(home.tmp(),
        settings.getOrDefault(MEMORY_LIMIT, defaults.memoryLimit()),
        Integer.parseInt(settings.getOrDefault(THREADS, String.valueOf(defaults.threads()))));
    this.clock = Clock.systemUTC();
  }

  /** Opens (and lays out, if new) the home. */
  public static LocalIcegate open(IcegateHome home) throws IOException {
    home.init();
    Catalog catalog = Catalogs.load(Catalogs.DEFAULT_NAME, home.catalogProperties());
    return new LocalIcegate(home, new LocalObjectStore(home.objects()), catalog, home.settings());
  }

  public IcegateHome home() {
    return home;
  }

  public ObjectStore store() {
    return store;
  }

  public IcegateTables tables() {
    return tables;
  }

  public DuckEngine engine() {
    return engine;
  }

  /** A new ingest function over these ports. */
  public IngestFunction ingest() {
    return new IngestFunction(store, tables, engine, clock, IngestLimits.DEFAULTS);
  }

  /** A new profileBatches function, ingest's follow-up, over these ports. */
  public ProfileBatches profileBatches() {
    return new ProfileBatches(tables, engine, clock);
  }

  /**
   * Alerts and retrain triggers as webhooks, with secrets from the environment and the home. The
   * HTTP client is made once: each holds a selector thread.
   */
  public Notifications notifications() {
    return new Notifications(notifier(), new AlertGate(new AlertLog(tables), clock), new DeliveryLog(tables));
  }

  /** The webhook notifier, made on first use. */
  public synchronized Notifier notifier() {
    if (notifier == null) {
      notifier = WebhookNotifier.create(LocalSecrets.of(home), RetryPolicy.DEFAULTS, clock);
    }
    return notifier;
  }

  /** Registers the ports as beans, for {@link io.icegate.IcegateFunctions}. */
  @Override
  public void initialize(GenericApplicationContext ctx) {
    PortBeans.register(ctx, store, tables, engine, clock, this::notifier);
  }

  @Override
  public void close() throws IOException {
    if (catalog instanceof Closeable c) {
      c.close();
    }
  }
}
