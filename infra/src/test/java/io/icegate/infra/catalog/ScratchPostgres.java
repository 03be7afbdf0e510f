package io.icegate.infra.catalog;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust or
 * {@code PGPASSWORD}), for one test class. Skips the test when the server is unreachable, except in
 * CI ({@code CI=true}) where that is a failure.
 */
public final class ScratchPostgres {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String ADMIN_DATABASE = "test";

  private final String database;

  private ScratchPostgres(String database) {
    this.database = database;
  }

  /** Creates {@code <prefix><random>}, or aborts (fails in CI) when PostgreSQL is unreachable. */
  public static ScratchPostgres create(String prefix) {
    String database = prefix + UUID.randomUUID().toString().replace("-", "");
    try (Connection admin = DriverManager.getConnection(SERVER + ADMIN_DATABASE, credentials());
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + quoted(database));
    } catch (SQLException e) {
      String why = "PostgreSQL unreachable at " + SERVER + ADMIN_DATABASE + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + " (CI=true: this test must run)", e);
      }
      abort(why + " (skipped outside CI)");
    }
    return new ScratchPostgres(database);
  }

  /** JDBC URL of the database. */
  public String url() {
    return SERVER + database;
  }

  /** User and, when set, password. */
  public static Properties credentials() {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    String password = System.getenv("PGPASSWORD");
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }

  /** Drops the database, closing what still uses it. */
  public void drop() throws SQLException {
    try (Connection admin = DriverManager.getConnection(SERVER + ADMIN_DATABASE, credentials());
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
    }
  }

  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
