package io.icegate.infra.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.infra.iceberg.LocalFileIO;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.store.ObjectKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same JDBC catalog on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust or {@code
 * PGPASSWORD}), in a database created for this run and dropped after it. Skips when the server is
 * unreachable, except in CI ({@code CI=true}) where that is a failure.
 */
class PostgresCatalogTest {

  @TempDir static Path warehouse;

  private static ScratchPostgres postgres;

  @BeforeAll
  static void createDatabase() {
    postgres = ScratchPostgres.create("icegate_test_");
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (postgres != null) {
      postgres.drop();
    }
  }

  @Test
  void roundTripsATableThroughParquet() throws IOException {
    Map<String, String> props = new HashMap<>();
    props.put("type", "jdbc");
    props.put("uri", postgres.url());
    ScratchPostgres.credentials().forEach((key, value) -> props.put("jdbc." + key, (String) value));
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", "file:" + warehouse);
    props.put("io-impl", LocalFileIO.class.getName());

    Catalog catalog = Catalogs.load(Catalogs.DEFAULT_NAME, props);
    try {
      TableRoundTrip.run(catalog);
    } finally {
      ((Closeable) catalog).close();
    }
  }

  @Test
  void ingestsConcurrentUploadsThroughAHomeConfiguredForPostgres(@TempDir Path home) throws Exception {
    StringBuilder settings = new StringBuilder("catalog.type=jdbc\ncatalog.uri=" + postgres.url() + "\n"
        + "catalog.jdbc.schema-version=V1\ncatalog.warehouse=file:" + home.resolve("warehouse") + "\n"
        + "catalog.io-impl=" + LocalFileIO.class.getName() + "\n");
    ScratchPostgres.credentials().forEach((key, value) -> settings.append("catalog.jdbc.").append(key).append('=').append(value).append('\n'));
    Files.writeString(home.resolve(IcegateHome.PROPERTIES_FILE), settings);
    try (LocalIcegate icegate = LocalIcegate.open(new IcegateHome(home));
        InputStream contract = getClass().getResourceAsStream("/ingest/trips.yaml")) {
      icegate.store().put(IngestFunction.contractKey("trips"), contract);
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String key = "landing/trips/pg-" + i + ".csv";
        icegate.store().put(ObjectKey.of(key), ("trip_id,pickup_ts,passenger_count,fare,payment\n"
            + "pg-" + i + "-a,2026-11-27T07:00:00Z,1,10,card\npg-" + i + "-b,2026-11-27T08:00:00Z,2,12,cash\n")
            .getBytes(StandardCharsets.UTF_8));
        keys.add(key);
      }
      ExecutorService pool = Executors.newFixedThreadPool(keys.size());
      try {
        List<Future<IngestReport>> reports = new ArrayList<>();
        for (String key : keys) {
          reports.add(pool.submit(() -> icegate.ingest().apply(ObjectCreated.of(key))));
        }
        for (Future<IngestReport> r : reports) {
          assertThat(r.get().status()).as(r.get().toString()).isEqualTo(IngestStatus.COMMITTED);
        }
      } finally {
        pool.shutdown();
      }
      Table table = icegate.tables().dataset("trips").orElseThrow();
      assertThat(table.snapshots()).hasSize(4);
      long rows = 0;
      try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
        for (Record ignored : it) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(8);
      assertThat(table.location()).startsWith("file:" + home.resolve("warehouse"));
      // ingest's follow-up, as the catch-up: every one of the four batches, through the PostgreSQL catalog
      assertThat(icegate.profileBatches().apply(ProfileRequest.ALL).profiled()).hasSize(4);
    }
    try (Connection db = DriverManager.getConnection(postgres.url(), ScratchPostgres.credentials());
        Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT table_namespace, table_name FROM iceberg_tables ORDER BY 1, 2")) {
      List<String> tables = new ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString(1) + "." + rs.getString(2));
      }
      assertThat(tables).containsExactly("datasets.trips", "icegate.ingest_log", "icegate.profiles");
    }
  }

  // Identifiers cannot be bound as parameters: quote them, doubling any embedded quote.
}
