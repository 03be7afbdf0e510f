package io.icegate.infra.catalog;

import static java.util.Map.entry;

import io.icegate.infra.iceberg.LocalFileIO;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;

/**
 * Builds Iceberg catalogs from Iceberg's own catalog properties only, so JDBC (SQLite, PostgreSQL),
 * REST and Glue are configuration, never code.
 */
public final class Catalogs {

  /** Catalog name unless configured; JDBC catalogs store it in every row, so keep it stable. */
  public static final String DEFAULT_NAME = "icegate";

  private Catalogs() {}

  /**
   * Loads a catalog from {@code type} or {@code catalog-impl}, {@code uri}, {@code warehouse},
   * {@code io-impl}, {@code jdbc.*} and any other property the catalog understands.
   */
  public static Catalog load(String name, Map<String, String> props) {
    if (!props.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE)
        && !props.containsKey(CatalogProperties.CATALOG_IMPL)) {
      // Iceberg would silently pick Hive, which is not on the classpath.
      throw new IllegalArgumentException(
          "catalog '" + name + "' needs 'type' (jdbc, rest, glue, ...) or 'catalog-impl'");
    }
    return CatalogUtil.buildIcebergCatalog(name, props, null);
  }

  /**
   * The embedded default: a JDBC catalog in the SQLite file {@code <home>/catalog.db} and tables
   * under {@code <home>/warehouse}, read and written through {@link LocalFileIO}.
   */
  public static Map<String, String> embeddedDefaults(Path home) {
    Path root = home.toAbsolutePath().normalize();
    return Map.ofEntries(
        entry(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC),
        entry(CatalogProperties.URI, "jdbc:sqlite:" + root.resolve("catalog.db")),
        entry("jdbc.schema-version", "V1"),
        // WAL: readers never block the one writer, and a commit is one append to the log.
        entry("jdbc.journal_mode", "WAL"),
        // Writers in this process wait (ms) for SQLite's write lock instead of failing SQLITE_BUSY.
        entry("jdbc.busy_timeout", "30000"),
        // Writers racing on one table retry commits; Iceberg's default 4 runs out at 8 writers.
        entry(CatalogProperties.TABLE_DEFAULT_PREFIX + TableProperties.COMMIT_NUM_RETRIES, "20"),
        // The location style LocalFileIO expects: "file:" + absolute path, not percent-encoded.
        entry(CatalogProperties.WAREHOUSE_LOCATION, "file:" + root.resolve("warehouse")),
        entry(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName()));
  }
}
