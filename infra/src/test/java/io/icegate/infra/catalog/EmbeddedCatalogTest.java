package io.icegate.infra.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.infra.iceberg.LocalFileIO;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: JDBC catalog on SQLite with tables through LocalFileIO. */
class EmbeddedCatalogTest {

  @TempDir Path dir;

  private Path home;
  private Catalog catalog;

  @BeforeEach
  void openCatalog() throws IOException {
    home =
        Files.createDirectories(dir.resolve("my home")); // a space: locations are not URI-encoded
    catalog = Catalogs.load(Catalogs.DEFAULT_NAME, Catalogs.embeddedDefaults(home));
  }

  @AfterEach
  void closeCatalog() throws IOException {
    ((Closeable) catalog).close();
  }

  @Test
  void defaultsDescribeASqliteJdbcCatalogInTheHome() {
    Map<String, String> props = Catalogs.embeddedDefaults(home);

    assertThat(props)
        .containsEntry("type", "jdbc")
        .containsEntry("uri", "jdbc:sqlite:" + home.resolve("catalog.db"))
        .containsEntry("jdbc.schema-version", "V1")
        .containsEntry("warehouse", "file:" + home.resolve("warehouse"))
        .containsEntry("io-impl", LocalFileIO.class.getName());
    assertThat(catalog).isInstanceOf(JdbcCatalog.class);
    assertThat(catalog.name()).isEqualTo("icegate");
  }

  @Test
  void loadWantsATypeOrAnImplementation() {
    assertThatThrownBy(() -> Catalogs.load("x", Map.of("uri", "jdbc:sqlite::memory:")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'type'");
  }

  @Test
  void roundTripsATableThroughParquet() throws IOException {
    TableRoundTrip.run(catalog);
  }

  @Test
  void writesTablesUnderTheWarehouse() throws IOException {
    Namespace ns = Namespace.of("datasets");
    ((SupportsNamespaces) catalog).createNamespace(ns);
    Table table = catalog.createTable(TableIdentifier.of(ns, "trips"), TableRoundTrip.SCHEMA);

    assertThat(table.location()).isEqualTo("file:" + home.resolve("warehouse/datasets/trips"));
    assertThat(home.resolve("warehouse/datasets/trips/metadata")).isDirectory();
  }

  @Test
  void sqliteRunsInWalModeWithTheDriverPropertiesGiven() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("catalog.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
