package io.icegate.registry;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.infra.iceberg.LocalFileIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry races on the JDBC catalog over the machine's PostgreSQL (127.0.0.1:5432, user
 * postgres, trust or {@code PGPASSWORD}), in a database created for this run and dropped after it.
 * Skips when the server is unreachable, except in CI ({@code CI=true}) where that is a failure.
 */
class RegistryPostgresTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String ADMIN_DATABASE = "test";
  private static final String DATABASE = "icegate_registry_" + UUID.randomUUID().toString().replace("-", "");

  private static boolean created;

  @BeforeAll
  static void createDatabase() {
    try (Connection admin = DriverManager.getConnection(SERVER + ADMIN_DATABASE, credentials());
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE \"" + DATABASE + "\"");
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
      sql.execute("DROP DATABASE IF EXISTS \"" + DATABASE + "\" WITH (FORCE)");
    }
  }

  @Test
  void concurrentRegistrationsAndPromotionsOnPostgres(@TempDir Path home) throws Exception {
    StringBuilder settings = new StringBuilder("catalog.type=jdbc\ncatalog.uri=" + SERVER + DATABASE + "\n"
        + "catalog.jdbc.schema-version=V1\ncatalog.warehouse=file:" + home.resolve("warehouse") + "\n"
        + "catalog.io-impl=" + LocalFileIO.class.getName() + "\n");
    credentials().forEach((key, value) ->
        settings.append("catalog.jdbc.").append(key).append('=').append(value).append('\n'));
    Files.writeString(home.resolve(IcegateHome.PROPERTIES_FILE), settings);
    try (RegistryFixture f = new RegistryFixture(LocalIcegate.open(new IcegateHome(home)))) {
      long snapshot = f.upload("base", 10).snapshotId();
      RegistryRaces.concurrentRegistrationsGetDistinctConsecutiveVersions(f, snapshot);
      RegistryRaces.concurrentPromotionsHaveExactlyOneWinner(f.registry);
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
}
