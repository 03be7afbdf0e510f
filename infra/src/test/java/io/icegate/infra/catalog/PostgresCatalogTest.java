package io.icegate.infra.catalog;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.icegate.infra.iceberg.LocalFileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String ADMIN_DATABASE = "test";
  private static final String DATABASE =
      "icegate_test_" + UUID.randomUUID().toString().replace("-", "");

  @TempDir static Path warehouse;

  private static boolean created;

  @BeforeAll
  static void createDatabase() {
    try (Connection admin = DriverManager.getConnection(SERVER + ADMIN_DATABASE, credentials());
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + quoted(DATABASE));
      created = true;
    } catch (SQLException e) {
      String why = "PostgreSQL unreachable at " + SERVER + ADMIN_DATABASE + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + " (CI=true: this test must run)", e);
      }
      abort(why + " (skipped outside CI)");
    }
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (!created) {
      return;
    }
    try (Connection admin = DriverManager.getConnection(SERVER + ADMIN_DATABASE, credentials());
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + quoted(DATABASE) + " WITH (FORCE)");
    }
  }

  @Test
  void roundTripsATableThroughParquet() throws IOException {
    Map<String, String> props = new HashMap<>();
    props.put("type", "jdbc");
    props.put("uri", SERVER + DATABASE);
    credentials().forEach((key, value) -> props.put("jdbc." + key, (String) value));
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

  private static Properties credentials() {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    String password = System.getenv("PGPASSWORD");
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "5");
    return props;
  }

  // Identifiers cannot be bound as parameters: quote them, doubling any embedded quote.
  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
