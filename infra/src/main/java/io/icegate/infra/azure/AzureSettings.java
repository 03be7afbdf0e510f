package io.icegate.infra.azure;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The app settings of an icegate Function App, read once from the environment (where Azure puts
 * app settings, Key Vault references already resolved). {@link #toString()} never shows a secret.
 *
 * @param storageConnection a storage connection string (secret), or null to use {@code accountUrl}
 * @param accountUrl {@code https://<account>.blob.core.windows.net} with DefaultAzureCredential
 * @param container the container holding landing/, quarantine/, config/, ...
 * @param prefix a name prefix inside the container, or empty
 * @param catalogType Iceberg catalog type: {@code jdbc} or {@code rest}
 * @param catalogUri the JDBC URL or REST endpoint
 * @param catalogUser JDBC user, or REST client id
 * @param catalogPassword JDBC password, or REST client secret (secret)
 * @param warehouse {@code abfss://<fs>@<account>.dfs.core.windows.net/<path>} or a local path
 * @param datasetsNamespace namespace of dataset tables
 * @param tmp DuckDB's spill folder (local disk)
 * @param memoryLimit DuckDB's memory limit, or null for the engine default
 */
public record AzureSettings(String storageConnection, String accountUrl, String container, String prefix,
    String catalogType, String catalogUri, String catalogUser, String catalogPassword, String warehouse,
    String datasetsNamespace, Path tmp, String memoryLimit) {

  public static final String STORAGE_CONNECTION = "ICEGATE_STORAGE_CONNECTION";
  public static final String STORAGE_ACCOUNT_URL = "ICEGATE_STORAGE_ACCOUNT_URL";
  public static final String CONTAINER = "ICEGATE_CONTAINER";
  public static final String PREFIX = "ICEGATE_PREFIX";
  public static final String CATALOG_TYPE = "ICEGATE_CATALOG_TYPE";
  public static final String CATALOG_URI = "ICEGATE_CATALOG_URI";
  public static final String CATALOG_USER = "ICEGATE_CATALOG_USER";
  public static final String CATALOG_PASSWORD = "ICEGATE_CATALOG_PASSWORD";
  public static final String WAREHOUSE = "ICEGATE_WAREHOUSE";
  public static final String DATASETS_NAMESPACE = "ICEGATE_DATASETS_NAMESPACE";
  public static final String TMP = "ICEGATE_TMP";
  public static final String MEMORY_LIMIT = "ICEGATE_MEMORY_LIMIT";
  /** NCRONTAB schedules the timer triggers read as {@code %NAME%}. */
  public static final String SCAN_SCHEDULE = "ICEGATE_SCAN_SCHEDULE";
  public static final String MAINTAIN_SCHEDULE = "ICEGATE_MAINTAIN_SCHEDULE";
  public static final String PROFILE_SCHEDULE = "ICEGATE_PROFILE_SCHEDULE";

  /** Every ICEGATE_* app setting the Azure runtime reads; Terraform sets exactly these. */
  public static final Set<String> APP_SETTINGS = Set.of(STORAGE_CONNECTION, STORAGE_ACCOUNT_URL, CONTAINER,
      PREFIX, CATALOG_TYPE, CATALOG_URI, CATALOG_USER, CATALOG_PASSWORD, WAREHOUSE, DATASETS_NAMESPACE, TMP,
      MEMORY_LIMIT, SCAN_SCHEDULE, MAINTAIN_SCHEDULE, PROFILE_SCHEDULE);

  /** The settings holding secrets: Key Vault references in the Function App, never logged. */
  public static final Set<String> SECRET_SETTINGS = Set.of(STORAGE_CONNECTION, CATALOG_PASSWORD);

  public AzureSettings {
    if (blank(storageConnection) == blank(accountUrl)) {
      throw new IllegalArgumentException("set exactly one of " + STORAGE_CONNECTION + " and " + STORAGE_ACCOUNT_URL);
    }
    require(container, CONTAINER);
    require(catalogType, CATALOG_TYPE);
    require(catalogUri, CATALOG_URI);
    require(warehouse, WAREHOUSE);
    if (!Set.of("jdbc", "rest").contains(catalogType)) {
      throw new IllegalArgumentException(CATALOG_TYPE + " must be jdbc or rest, not '" + catalogType + "'");
    }
    prefix = prefix == null ? "" : prefix;
    datasetsNamespace = blank(datasetsNamespace) ? "datasets" : datasetsNamespace;
  }

  /** Reads the settings from an environment map such as {@link System#getenv()}. */
  public static AzureSettings from(Map<String, String> env) {
    String tmp = env.get(TMP);
    return new AzureSettings(env.get(STORAGE_CONNECTION), env.get(STORAGE_ACCOUNT_URL), env.get(CONTAINER),
        env.get(PREFIX), env.getOrDefault(CATALOG_TYPE, "jdbc"), env.get(CATALOG_URI), env.get(CATALOG_USER),
        env.get(CATALOG_PASSWORD), env.get(WAREHOUSE), env.get(DATASETS_NAMESPACE),
        blank(tmp) ? Path.of(System.getProperty("java.io.tmpdir"), "icegate") : Path.of(tmp),
        blank(env.get(MEMORY_LIMIT)) ? null : env.get(MEMORY_LIMIT));
  }

  /** The value of {@code name} in a connection string ({@code AccountName}, ...), or null. */
  public String connectionPart(String name) {
    if (blank(storageConnection)) {
      return null;
    }
    for (String part : storageConnection.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
        return part.substring(eq + 1).strip();
      }
    }
    return null;
  }

  /** Secrets show as {@code ***}; the catalog URI loses its query string (JDBC URLs may carry a password). */
  @Override
  public String toString() {
    return "AzureSettings[storage=" + (blank(storageConnection) ? "account " + accountUrl + " (Entra ID)"
        : "connection string for account " + connectionPart("AccountName") + " (***)")
        + ", container=" + container + ", prefix=" + prefix + ", catalog=" + catalogType + " "
        + withoutQuery(catalogUri) + ", catalogUser=" + catalogUser
        + ", catalogPassword=" + (blank(catalogPassword) ? "unset" : "***")
        + ", warehouse=" + warehouse + ", datasets=" + datasetsNamespace + ", tmp=" + tmp
        + ", memoryLimit=" + memoryLimit + "]";
  }

  private static String withoutQuery(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q) + "?***";
  }

  private static void require(String value, String name) {
    if (blank(value)) {
      throw new IllegalArgumentException("app setting " + name + " is not set");
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
