package io.icegate.infra.config;

import io.icegate.infra.catalog.Catalogs;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded runtime's home folder, so one path gives everything a local install needs:
 *
 * <pre>
 * objects/            object store: landing/ quarantine/ config/contracts/ archive/ reports/
 * warehouse/          Iceberg table files
 * catalog.db          SQLite JDBC catalog
 * tmp/                engine spill and staging
 * icegate.properties  optional: catalog.* (Iceberg catalog properties) and other settings
 * </pre>
 */
public record IcegateHome(Path root) {

  /** Environment variable naming the home when no {@code --home} flag is given. */
  public static final String ENV = "ICEGATE_HOME";

  /** Home used when neither flag nor environment names one, relative to the working folder. */
  public static final String DEFAULT_FOLDER = ".icegate";

  /** Settings file in the home. */
  public static final String PROPERTIES_FILE = "icegate.properties";

  /** Prefix of the settings that are Iceberg catalog properties. */
  public static final String CATALOG_PREFIX = "catalog.";

  private static final List<String> OBJECT_FOLDERS =
      List.of("landing", "quarantine", "config/contracts", "archive", "reports");

  // Any of these names a different catalog, so the embedded SQLite defaults no longer apply.
  private static final List<String> CATALOG_IDENTITY = List.of("type", "catalog-impl", "uri");

  /** Normalizes the root to an absolute path so every derived path is absolute too. */
  public IcegateHome {
    root = root.toAbsolutePath().normalize();
  }

  /** The home from {@code --home}, else {@value #ENV}, else {@value #DEFAULT_FOLDER}. */
  public static IcegateHome resolve(String homeFlagOrNull, Map<String, String> env) {
    if (homeFlagOrNull != null && !homeFlagOrNull.isBlank()) {
      return new IcegateHome(Path.of(homeFlagOrNull));
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new IcegateHome(Path.of(fromEnv));
    }
    return new IcegateHome(Path.of(DEFAULT_FOLDER));
  }

  /** Root of the local object store. */
  public Path objects() {
    return root.resolve("objects");
  }

  /** Folder of the embedded catalog's table files. */
  public Path warehouse() {
    return root.resolve("warehouse");
  }

  /** SQLite file of the embedded catalog. */
  public Path catalogDb() {
    return root.resolve("catalog.db");
  }

  /** Scratch space: DuckDB spill files and staged downloads. */
  public Path tmp() {
    return root.resolve("tmp");
  }

  /** The optional settings file. */
  public Path propertiesFile() {
    return root.resolve(PROPERTIES_FILE);
  }

  /** Creates the folders of the layout (idempotent); returns this home for chaining. */
  public IcegateHome init() throws IOException {
    for (String folder : OBJECT_FOLDERS) {
      Files.createDirectories(objects().resolve(folder));
    }
    Files.createDirectories(warehouse());
    Files.createDirectories(tmp());
    return this;
  }

  /**
   * Iceberg catalog properties: the embedded SQLite defaults, overridden key by key by {@code
   * catalog.*} settings, or replaced by them when they name another catalog ({@code catalog.type},
   * {@code catalog.catalog-impl} or {@code catalog.uri}).
   */
  public Map<String, String> catalogProperties() throws IOException {
    Map<String, String> configured = new HashMap<>();
    readProperties()
        .forEach(
            (key, value) -> {
              if (key.startsWith(CATALOG_PREFIX)) {
                configured.put(key.substring(CATALOG_PREFIX.length()), value);
              }
            });
    if (CATALOG_IDENTITY.stream().anyMatch(configured::containsKey)) {
      return Map.copyOf(configured);
    }
    Map<String, String> merged = new HashMap<>(Catalogs.embeddedDefaults(root));
    merged.putAll(configured);
    return Map.copyOf(merged);
  }

  /**
   * Settings other than the catalog's, e.g. {@code datasets.namespace}, {@code
   * engine.memory-limit}.
   */
  public Map<String, String> settings() throws IOException {
    Map<String, String> settings = new HashMap<>();
    readProperties()
        .forEach(
            (key, value) -> {
              if (!key.startsWith(CATALOG_PREFIX)) {
                settings.put(key, value);
              }
            });
    return Map.copyOf(settings);
  }

  private Map<String, String> readProperties() throws IOException {
    Path file = propertiesFile();
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    }
    Map<String, String> values = new HashMap<>();
    props.stringPropertyNames().forEach(name -> values.put(name, props.getProperty(name).trim()));
    return values;
  }
}
