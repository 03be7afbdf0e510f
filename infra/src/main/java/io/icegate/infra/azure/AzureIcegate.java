package io.icegate.infra.azure;

import io.icegate.infra.config.PortBeans;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.icegate.engine.DuckEngine;
import io.icegate.infra.catalog.Catalogs;
import io.icegate.infra.iceberg.LocalFileIO;
import io.icegate.infra.notify.RetryPolicy;
import io.icegate.infra.notify.WebhookNotifier;
import io.icegate.notify.Notifier;
import io.icegate.notify.Secret;
import io.icegate.notify.SecretResolver;
import io.icegate.notify.SecretUnavailableException;
import io.icegate.table.IcegateTables;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The ports of icegate on Azure, the twin of {@link io.icegate.infra.config.LocalIcegate}: a
 * {@link BlobObjectStore} on the configured container, the Iceberg catalog its properties name
 * (JDBC on Azure Database for PostgreSQL, or REST) over an ADLS Gen2 warehouse, and DuckDB spilling
 * to local disk. Everything comes from {@link AzureSettings} (app settings).
 */
public final class AzureIcegate implements ApplicationContextInitializer<GenericApplicationContext>, Closeable {

  /** Every ICEGATE_* app setting this runtime reads (see {@link AzureSettings}); Terraform sets these. */
  public static final Set<String> APP_SETTINGS = AzureSettings.APP_SETTINGS;

  /** The app settings holding secrets: Key Vault references in the Function App, never logged. */
  public static final Set<String> SECRET_SETTINGS = AzureSettings.SECRET_SETTINGS;

  /** Iceberg's FileIO for {@code abfss://} locations (iceberg-azure). */
  public static final String ADLS_FILE_IO = "org.apache.iceberg.azure.adlsv2.ADLSFileIO";

  private static final Logger LOG = LoggerFactory.getLogger(AzureIcegate.class);

  private final AzureSettings settings;
  private final BlobObjectStore store;
  private final Catalog catalog;
  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, String> env;
  private Notifier notifier;

  private AzureIcegate(AzureSettings settings, Map<String, String> env) throws IOException {
    this.settings = settings;
    this.env = Map.copyOf(env);
    this.store = new BlobObjectStore(container(settings), settings.prefix());
    this.catalog = Catalogs.load(Catalogs.DEFAULT_NAME, catalogProperties(settings));
    this.tables = new IcegateTables(catalog, settings.datasetsNamespace());
    Path tmp = Files.createDirectories(settings.tmp());
    DuckEngine defaults = DuckEngine.defaults(tmp);
    this.engine = new DuckEngine(tmp, settings.memoryLimit() == null ? defaults.memoryLimit() : settings.memoryLimit(),
        defaults.threads());
  }

  /** Opens icegate from the process environment (the Function App's app settings). */
  public static AzureIcegate fromEnvironment() throws IOException {
    return open(System.getenv());
  }

  /** Opens icegate from an environment map. */
  public static AzureIcegate open(Map<String, String> env) throws IOException {
    AzureSettings settings = AzureSettings.from(env);
    LOG.info("icegate on Azure: {}", settings);
    return new AzureIcegate(settings, env);
  }

  /** The container client: a connection string, or the account URL with DefaultAzureCredential. */
  static BlobContainerClient container(AzureSettings settings) {
    BlobServiceClientBuilder builder = new BlobServiceClientBuilder();
    if (!AzureSettings.blank(settings.storageConnection())) {
      builder.connectionString(settings.storageConnection());
    } else {
      builder.endpoint(settings.accountUrl()).credential(new DefaultAzureCredentialBuilder().build());
    }
    return builder.buildClient().getBlobContainerClient(settings.container());
  }

  /**
   * Iceberg catalog properties from the settings: {@code type}, {@code uri}, credentials, the
   * warehouse and its FileIO ({@code ADLSFileIO} for {@code abfss://}, {@link LocalFileIO} for a path).
   */
  public static Map<String, String> catalogProperties(AzureSettings s) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(CatalogUtil.ICEBERG_CATALOG_TYPE, s.catalogType());
    props.put(CatalogProperties.URI, s.catalogUri());
    if ("jdbc".equals(s.catalogType())) {
      props.put("jdbc.schema-version", "V1");
      putIfSet(props, "jdbc.user", s.catalogUser());
      putIfSet(props, "jdbc.password", s.catalogPassword());
    } else if (!AzureSettings.blank(s.catalogUser())) {
      // REST: OAuth2 client credentials "id:secret"
      props.put("credential", s.catalogUser() + ":" + (s.catalogPassword() == null ? "" : s.catalogPassword()));
    }
    props.put(CatalogProperties.TABLE_DEFAULT_PREFIX + TableProperties.COMMIT_NUM_RETRIES, "20");
    String warehouse = s.warehouse();
    if (warehouse.startsWith("abfss://") || warehouse.startsWith("abfs://")) {
      props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
      props.put(CatalogProperties.FILE_IO_IMPL, ADLS_FILE_IO);
      String account = s.connectionPart("AccountName");
      String key = s.connectionPart("AccountKey");
      if (account != null && key != null) {
        props.put("adls.auth.shared-key.account.name", account);
        props.put("adls.auth.shared-key.account.key", key);
      } // else ADLSFileIO uses DefaultAzureCredential (the Function App's managed identity)
    } else {
      Path local = Path.of(warehouse.startsWith("file:") ? warehouse.substring("file:".length()) : warehouse);
      props.put(CatalogProperties.WAREHOUSE_LOCATION, "file:" + local.toAbsolutePath().normalize());
      props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    }
    return props;
  }

  private static void putIfSet(Map<String, String> props, String key, String value) {
    if (!AzureSettings.blank(value)) {
      props.put(key, value);
    }
  }

  public AzureSettings settings() {
    return settings;
  }

  public BlobObjectStore store() {
    return store;
  }

  public IcegateTables tables() {
    return tables;
  }

  public DuckEngine engine() {
    return engine;
  }

  /** Webhooks with secrets from app settings (Key Vault references); made on first use. */
  public synchronized Notifier notifier() {
    if (notifier == null) {
      notifier = WebhookNotifier.create(envSecrets(env), RetryPolicy.DEFAULTS, clock);
    }
    return notifier;
  }

  /** Secrets are app settings; file references have no home to point into here. */
  static SecretResolver envSecrets(Map<String, String> env) {
    return ref -> switch (ref.source()) {
      case ENV -> {
        String value = env.get(ref.name());
        if (value == null || value.isBlank()) {
          throw new SecretUnavailableException("secret " + ref + " is not set as an app setting");
        }
        yield new Secret(value.strip());
      }
      case FILE -> throw new SecretUnavailableException(
          "secret " + ref + " is a file; on Azure use an app setting (a Key Vault reference)");
    };
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

  @Override
  public String toString() {
    return "AzureIcegate[" + settings + "]";
  }
}
