package io.icegate.infra.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import io.icegate.IcegateFunctions;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;

class AzureIcegateTest {

  private static final String KEY = "Zm9vYmFyc2VjcmV0a2V5";
  private static final String PASSWORD = "pg-s3cr3t-Value";

  private static Azurite azurite;

  @BeforeAll
  static void startAzurite() throws IOException {
    azurite = Azurite.start();
  }

  @AfterAll
  static void stopAzurite() throws IOException {
    if (azurite != null) {
      azurite.close();
    }
  }

  static Map<String, String> env(String connection, String container, Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put(AzureSettings.STORAGE_CONNECTION, connection);
    env.put(AzureSettings.CONTAINER, container);
    env.put(AzureSettings.CATALOG_TYPE, "jdbc");
    env.put(AzureSettings.CATALOG_URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
    env.put(AzureSettings.WAREHOUSE, dir.resolve("warehouse").toString());
    env.put(AzureSettings.TMP, dir.resolve("tmp").toString());
    return env;
  }

  @Test
  void settingsNeverShowSecrets() {
    AzureSettings s = AzureSettings.from(Map.of(
        AzureSettings.STORAGE_CONNECTION, "DefaultEndpointsProtocol=https;AccountName=prodacct;AccountKey=" + KEY
            + ";EndpointSuffix=core.windows.net",
        AzureSettings.CONTAINER, "icegate",
        AzureSettings.CATALOG_URI, "jdbc:postgresql://pg.example:5432/icegate?sslmode=require&password=" + PASSWORD,
        AzureSettings.CATALOG_USER, "icegate",
        AzureSettings.CATALOG_PASSWORD, PASSWORD,
        AzureSettings.WAREHOUSE, "abfss://warehouse@prodacct.dfs.core.windows.net/icegate"));

    assertThat(s.toString())
        .doesNotContain(KEY).doesNotContain(PASSWORD)
        .contains("prodacct", "icegate", "jdbc:postgresql://pg.example:5432/icegate?***", "catalogPassword=***");
    assertThat(s.catalogType()).isEqualTo("jdbc");
    assertThat(s.datasetsNamespace()).isEqualTo("datasets");
  }

  @Test
  void missingOrContradictorySettingsAreNamed() {
    assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.CONTAINER, "c")))
        .hasMessageContaining(AzureSettings.STORAGE_CONNECTION).hasMessageContaining(AzureSettings.STORAGE_ACCOUNT_URL);
    assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.STORAGE_ACCOUNT_URL, "https://a.blob.core.windows.net",
        AzureSettings.CONTAINER, "c", AzureSettings.CATALOG_URI, "x", AzureSettings.WAREHOUSE, "/w",
        AzureSettings.CATALOG_TYPE, "hive")))
        .hasMessageContaining("jdbc or rest");
    assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.STORAGE_ACCOUNT_URL, "https://a.blob.core.windows.net",
        AzureSettings.CONTAINER, "c", AzureSettings.CATALOG_URI, "x")))
        .hasMessageContaining(AzureSettings.WAREHOUSE);
  }

  /**
   * Azurite serves no ADLS Gen2 (dfs) endpoint, so the abfss:// warehouse is checked up to the
   * FileIO: the properties, and iceberg-azure's ADLSFileIO loading and resolving locations.
   */
  @Test
  void abfssWarehouseUsesAdlsFileIoWithTheAccountKey() throws IOException {
    AzureSettings s = AzureSettings.from(Map.of(
        AzureSettings.STORAGE_CONNECTION, "DefaultEndpointsProtocol=https;AccountName=prodacct;AccountKey=" + KEY,
        AzureSettings.CONTAINER, "icegate",
        AzureSettings.CATALOG_TYPE, "rest",
        AzureSettings.CATALOG_URI, "https://catalog.example/api/catalog",
        AzureSettings.CATALOG_USER, "client-id",
        AzureSettings.CATALOG_PASSWORD, PASSWORD,
        AzureSettings.WAREHOUSE, "abfss://warehouse@prodacct.dfs.core.windows.net/icegate"));

    Map<String, String> props = AzureIcegate.catalogProperties(s);

    assertThat(props).containsEntry("type", "rest")
        .containsEntry("uri", "https://catalog.example/api/catalog")
        .containsEntry("credential", "client-id:" + PASSWORD)
        .containsEntry("warehouse", "abfss://warehouse@prodacct.dfs.core.windows.net/icegate")
        .containsEntry("io-impl", AzureIcegate.ADLS_FILE_IO)
        .containsEntry("adls.auth.shared-key.account.name", "prodacct")
        .containsEntry("adls.auth.shared-key.account.key", KEY);
    try (FileIO io = CatalogUtil.loadFileIO(AzureIcegate.ADLS_FILE_IO, props, null)) {
      String location = "abfss://warehouse@prodacct.dfs.core.windows.net/icegate/datasets/trips/metadata/v1.metadata.json";
      assertThat(io.newInputFile(location).location()).isEqualTo(location);
      assertThat(io.newOutputFile(location).location()).isEqualTo(location);
      assertThat(io.properties()).containsEntry("adls.auth.shared-key.account.name", "prodacct");
    }
  }

  @Test
  void accountUrlModeLeavesAdlsToTheManagedIdentity() {
    AzureSettings s = AzureSettings.from(Map.of(
        AzureSettings.STORAGE_ACCOUNT_URL, "https://prodacct.blob.core.windows.net",
        AzureSettings.CONTAINER, "icegate",
        AzureSettings.CATALOG_URI, "jdbc:postgresql://pg.example:5432/icegate",
        AzureSettings.CATALOG_USER, "icegate", AzureSettings.CATALOG_PASSWORD, PASSWORD,
        AzureSettings.WAREHOUSE, "abfss://warehouse@prodacct.dfs.core.windows.net/icegate"));

    Map<String, String> props = AzureIcegate.catalogProperties(s);

    assertThat(props).containsEntry("jdbc.user", "icegate").containsEntry("jdbc.password", PASSWORD)
        .containsEntry("jdbc.schema-version", "V1")
        .doesNotContainKey("adls.auth.shared-key.account.key");
    assertThat(s.toString()).contains("Entra ID").doesNotContain(PASSWORD);
  }

  @Test
  void ingestsAnUploadFromAzuriteThroughTheFunctionCatalog(@TempDir Path dir) throws Exception {
    BlobContainerClient container = azurite.newContainer("icegate");
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.icegate");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    ch.qos.logback.classic.Level level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    Map<String, String> env = env(azurite.connectionString(), container.getBlobContainerName(), dir);
    env.put(AzureSettings.CATALOG_PASSWORD, PASSWORD);
    try (AzureIcegate icegate = AzureIcegate.open(env);
        GenericApplicationContext ctx = new GenericApplicationContext();
        InputStream contract = getClass().getResourceAsStream("/ingest/trips.yaml")) {
      assertThat(icegate.toString()).doesNotContain("Eby8vdM02");
      icegate.store().put(IngestFunction.contractKey("trips"), contract);
      icegate.store().put(ObjectKey.of("landing/trips/a.csv"), ("trip_id,pickup_ts,passenger_count,fare,payment\n"
          + "a,2026-11-27T07:00:00Z,1,10,card\nb,2026-11-27T08:00:00Z,2,12,cash\n").getBytes(StandardCharsets.UTF_8));
      icegate.initialize(ctx);
      new IcegateFunctions().initialize(ctx);
      ctx.refresh();

      @SuppressWarnings("unchecked")
      Function<ObjectCreated, IngestReport> ingest = (Function<ObjectCreated, IngestReport>)
          ctx.getBean(IcegateFunctions.INGEST, org.springframework.cloud.function.context.FunctionRegistration.class)
              .getTarget();
      IngestReport report = ingest.apply(ObjectCreated.of("landing/trips/a.csv"));

      assertThat(report.status()).as(report.toString()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(report.sourceUri()).startsWith(azurite.blobEndpoint() + "/" + container.getBlobContainerName() + "/landing/trips/a.csv");
      assertThat(ctx.getBean(ObjectStore.class)).isSameAs(icegate.store());
      Table table = icegate.tables().dataset("trips").orElseThrow();
      long rows = 0;
      try (CloseableIterable<org.apache.iceberg.data.Record> it = IcebergGenerics.read(table).build()) {
        for (var ignored : it) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(2);
      assertThat(table.location()).startsWith("file:" + dir.resolve("warehouse"));
      assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.startsWith("icegate on Azure: AzureSettings[storage=connection string for account "
              + Azurite.ACCOUNT + " (***)"))
          .noneMatch(m -> m.contains(azurite.connectionString().replaceAll(".*AccountKey=([^;]+);.*", "$1")))
          .noneMatch(m -> m.contains(PASSWORD));
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(level);
      container.deleteIfExists();
    }
  }
}
