package io.icegate.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens embedded DuckDB connections configured for untrusted uploads: bounded memory that spills
 * to {@code tempDir}, UTC session time zone, and no extension downloads (there is no network).
 *
 * @param tempDir where DuckDB spills and icegate stages files
 * @param memoryLimit DuckDB memory_limit, e.g. {@code 1GB}
 * @param threads DuckDB worker threads
 */
public record DuckEngine(Path tempDir, String memoryLimit, int threads) {

  /** Defaults sized for a function instance: a third of the JVM's max heap is left to Java. */
  public static DuckEngine defaults(Path tempDir) {
    return new DuckEngine(tempDir, "1GB", Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The temp directory, created if missing: callers stage files in it, and a function instance
   * restored from a snapshot (Lambda SnapStart) or a tmp reaper may have removed it since start.
   */
  @Override
  public Path tempDir() {
    try {
      return Files.createDirectories(tempDir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create DuckDB temp directory " + tempDir, e);
    }
  }

  /** A new in-memory database; close it to free everything it held. */
  public Connection open() throws SQLException {
    try {
      Files.createDirectories(tempDir);
    } catch (IOException e) {
      throw new SQLException("cannot create DuckDB temp directory " + tempDir, e);
    }
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET memory_limit = " + Sql.literal(memoryLimit));
      s.execute("SET temp_directory = " + Sql.literal(tempDir.toAbsolutePath().toString()));
      s.execute("SET threads = " + threads);
      s.execute("SET TimeZone = 'UTC'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
