package io.icegate.infra.aws;

import io.icegate.infra.config.PortBeans;
import static java.util.Map.entry;

import io.icegate.engine.DuckEngine;
import io.icegate.infra.catalog.Catalogs;
import io.icegate.infra.notify.RetryPolicy;
import io.icegate.infra.notify.WebhookNotifier;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestLimits;
import io.icegate.ingest.ProfileBatches;
import io.icegate.notify.Notifier;
import io.icegate.notify.Secret;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The ports of an AWS deployment, the twin of {@link io.icegate.infra.config.LocalIcegate}: the
 * bucket as {@link S3ObjectStore}, the Iceberg catalog (Glue, or JDBC on PostgreSQL/RDS) with its
 * warehouse on S3 through S3FileIO, a DuckDB engine spilling under {@code java.io.tmpdir}, and
 * webhooks whose secrets come from the environment or SSM. Built from the function's environment
 * by {@link #fromEnvironment}; the keys it reads are {@link #ENV_KEYS}.
 *
 * <p>SnapStart: nothing opened here has to survive a snapshot. DuckDB connections are opened per
 * call, and {@link DuckEngine#tempDir()} and {@link DuckEngine#open()} recreate the temp dir, so a
 * restored instance whose {@code /tmp} lacks it still works. The SDK clients retry requests whose
 * pooled HTTP connection broke across the restore. Iceberg's JDBC pool reconnects on connection
 * SQL states (08xxx) and, as configured here, on the states PostgreSQL ends sessions with
 * (57P01-57P03); on PostgreSQL a socket timeout turns a restored socket that never answers into
 * such an error instead of a hung invocation. The SSM password is read once at init, so it is part
 * of the snapshot, which Lambda encrypts.
 */
public final class AwsIcegate implements ApplicationContextInitializer<GenericApplicationContext>, Closeable {

  /** Bucket of landing/, quarantine/, config/, reports/ (required). */
  public static final String BUCKET = "ICEGATE_BUCKET";
  /** Key prefix inside the bucket (optional). */
  public static final String PREFIX = "ICEGATE_PREFIX";
  /** {@code glue} or {@code jdbc} (required). */
  public static final String CATALOG_TYPE = "ICEGATE_CATALOG_TYPE";
  /** JDBC URL of the catalog database (jdbc). */
  public static final String CATALOG_URI = "ICEGATE_CATALOG_URI";
  /** JDBC user (jdbc). */
  public static final String CATALOG_USER = "ICEGATE_CATALOG_USER";
  /** Name of the SSM SecureString holding the JDBC password (jdbc, deployed). */
  public static final String CATALOG_PASSWORD_PARAMETER = "ICEGATE_CATALOG_PASSWORD_PARAMETER";
  /** The JDBC password itself, for local runs and LocalStack only. */
  public static final String CATALOG_PASSWORD = "ICEGATE_CATALOG_PASSWORD";
  /** Iceberg warehouse, {@code s3://bucket/warehouse} (optional: defaults under the bucket and prefix). */
  public static final String WAREHOUSE = "ICEGATE_WAREHOUSE";
  /** S3 endpoint override for s3proxy or LocalStack; turns on path-style access (optional). */
  public static final String S3_ENDPOINT = "ICEGATE_S3_ENDPOINT";
  /** AWS region; Lambda sets it. */
  public static final String REGION = "AWS_REGION";
  /** The function's memory in MiB; Lambda sets it, DuckDB gets 40% of it. */
  public static final String FUNCTION_MEMORY = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

  /** Every environment key this class reads; deployments (Terraform) set no other icegate key. */
  public static final Set<String> ENV_KEYS = AwsSettings.ENV_KEYS;

  /** Namespace of dataset tables. */
  public static final String DATASETS_NAMESPACE = "datasets";

  private static final Logger LOG = LoggerFactory.getLogger(AwsIcegate.class);

  private final AwsSettings settings;
  private final S3Client s3;
  private final S3ObjectStore store;
  private final Catalog catalog;
  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Clock clock = Clock.systemUTC();
  private final AwsCredentialsProvider credentials;
  private SsmClient ssm;
  private final AwsSecrets secrets;
  private Notifier notifier;

  private AwsIcegate(AwsSettings settings, Map<String, String> env) {
    this.settings = settings;
    this.credentials = credentials(env).<AwsCredentialsProvider>map(StaticCredentialsProvider::create)
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    this.secrets = new AwsSecrets(env, this::ssm);
    this.s3 = s3Client(settings, credentials);
    this.store = new S3ObjectStore(s3, settings.bucket(), settings.prefix());
    try {
      Optional<Secret> password = settings.passwordParameter() != null
          ? Optional.of(secrets.parameter(settings.passwordParameter(), CATALOG_PASSWORD_PARAMETER))
          : settings.password();
      this.catalog = Catalogs.load(Catalogs.DEFAULT_NAME, catalogProperties(settings, password, credentials(env)));
    } catch (RuntimeException e) {
      s3.close();
      closeSsm();
      throw e;
    }
    this.tables = new IcegateTables(catalog, DATASETS_NAMESPACE);
    // a name of its own: several JVMs may share one /tmp (tests, local runs), each Lambda instance has its own
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "icegate-duckdb-" + UUID.randomUUID());
    DuckEngine defaults = DuckEngine.defaults(tmp);
    this.engine = new DuckEngine(tmp, duckMemoryLimit(env).orElse(defaults.memoryLimit()), defaults.threads());
  }

  /**
   * DuckDB's share of the function's memory ({@value #FUNCTION_MEMORY}, set by Lambda): 40%, the
   * rest is the JVM's; empty outside Lambda.
   */
  static Optional<String> duckMemoryLimit(Map<String, String> env) {
    try {
      int mb = Integer.parseInt(env.getOrDefault(FUNCTION_MEMORY, "").strip());
      return Optional.of(Math.max(128, mb * 2 / 5) + "MB");
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Reads {@link #ENV_KEYS} from {@code env} (the function's environment) and opens the ports. */
  public static AwsIcegate fromEnvironment(Map<String, String> env) {
    AwsSettings settings = AwsSettings.from(env);
    LOG.info("icegate on AWS: {}", settings);
    return new AwsIcegate(settings, env);
  }

  /**
   * Iceberg catalog properties for these settings: the catalog type and its connection, the
   * warehouse, and S3FileIO (endpoint and path-style access when overridden, static keys when the
   * environment carries them). The map holds secrets: never log it.
   */
  public static Map<String, String> catalogProperties(AwsSettings s, Optional<Secret> password,
      Optional<AwsCredentials> keys) {
    Map<String, String> p = new LinkedHashMap<>();
    switch (s.catalogType()) {
      case GLUE -> p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_GLUE);
      case JDBC -> {
        p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
        p.put(CatalogProperties.URI, s.catalogUri());
        p.put("jdbc.schema-version", "V1");
        // Iceberg's pool reconnects on 08xxx states; PostgreSQL/RDS also end sessions with 57P01-57P03
        // (admin shutdown, crash, cannot connect now: failover, restart), and a restored SnapStart
        // snapshot holds sockets the server has long dropped
        p.put("retryable_status_codes", "57P01,57P02,57P03"); // read by JdbcClientPool, unprefixed
        if (s.catalogUri().startsWith("jdbc:postgresql:")) {
          // a socket restored from a snapshot may never answer: fail the call and let the pool reconnect
          // instead of waiting out the function's timeout (catalog statements are short)
          p.put("jdbc.connectTimeout", "10");
          p.put("jdbc.socketTimeout", "60");
          p.put("jdbc.tcpKeepAlive", "true");
        }
        if (s.catalogUser() != null) {
          p.put("jdbc.user", s.catalogUser());
        }
        password.ifPresent(pw -> p.put("jdbc.password", pw.reveal()));
      }
      default -> throw new IllegalArgumentException("catalog type " + s.catalogType());
    }
    p.put(CatalogProperties.WAREHOUSE_LOCATION, s.warehouse());
    p.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    p.put(AwsClientProperties.CLIENT_REGION, s.region());
    // concurrent ingests of one dataset retry their commit; Iceberg's default 4 runs out quickly
    p.put(CatalogProperties.TABLE_DEFAULT_PREFIX + TableProperties.COMMIT_NUM_RETRIES, "20");
    if (s.s3Endpoint() != null) {
      p.put(S3FileIOProperties.ENDPOINT, s.s3Endpoint().toString());
      p.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
    }
    keys.ifPresent(k -> {
      p.put(S3FileIOProperties.ACCESS_KEY_ID, k.accessKeyId());
      p.put(S3FileIOProperties.SECRET_ACCESS_KEY, k.secretAccessKey());
      if (k instanceof AwsSessionCredentials session) {
        p.put(S3FileIOProperties.SESSION_TOKEN, session.sessionToken());
      }
    });
    return p;
  }

  /**
   * Keys given in the environment map itself ({@code AWS_ACCESS_KEY_ID}, ...: local runs, tests,
   * LocalStack); empty means the SDK's default chain, which on Lambda (also under SnapStart) reads
   * the function role's credentials.
   */
  static Optional<AwsCredentials> credentials(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return Optional.of(token == null || token.isBlank() ? AwsBasicCredentials.create(id, secret)
        : AwsSessionCredentials.create(id, secret, token));
  }

  private static S3Client s3Client(AwsSettings s, AwsCredentialsProvider credentials) {
    S3ClientBuilder b = S3Client.builder().region(Region.of(s.region())).credentialsProvider(credentials);
    if (s.s3Endpoint() != null) {
      // S3-compatible servers (s3proxy, LocalStack) take path-style URLs and may reject the newer
      // default checksums; real S3 keeps the SDK defaults
      b.endpointOverride(s.s3Endpoint()).forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return b.build();
  }

  private synchronized SsmClient ssm() {
    if (ssm == null) {
      ssm = SsmClient.builder().region(Region.of(settings.region())).credentialsProvider(credentials).build();
    }
    return ssm;
  }

  public AwsSettings settings() {
    return settings;
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

  public Clock clock() {
    return clock;
  }

  /** A new ingest function over these ports. */
  public IngestFunction ingest() {
    return new IngestFunction(store, tables, engine, clock, IngestLimits.DEFAULTS);
  }

  /** A new profileBatches function, ingest's follow-up, over these ports. */
  public ProfileBatches profileBatches() {
    return new ProfileBatches(tables, engine, clock);
  }

  /** Secrets of webhooks: environment variables, whose value may name an SSM parameter. */
  public AwsSecrets secrets() {
    return secrets;
  }

  /** The webhook notifier, made on first use (its HTTP client holds a selector thread). */
  public synchronized Notifier notifier() {
    if (notifier == null) {
      notifier = WebhookNotifier.create(secrets, RetryPolicy.DEFAULTS, clock);
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
    try {
      if (catalog instanceof Closeable c) {
        c.close();
      }
    } finally {
      s3.close();
      closeSsm();
      deleteTempDir();
    }
  }

  private synchronized void closeSsm() {
    if (ssm != null) {
      ssm.close();
      ssm = null;
    }
  }

  /** Removes the engine's temp dir (tests and local runs open many; Lambda never closes). */
  private void deleteTempDir() {
    Path dir = engine.tempDir();
    try (var files = java.nio.file.Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.debug("could not remove {}: {}", dir, e.toString());
    }
  }

  @Override
  public String toString() {
    return "AwsIcegate[" + settings + "]";
  }
}
