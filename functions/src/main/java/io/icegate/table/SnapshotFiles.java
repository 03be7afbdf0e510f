package io.icegate.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The Parquet data files of a table snapshot that may hold rows matching a filter, as
 * local paths DuckDB can read. Files on the local disk are read in place; others (object stores)
 * are copied into a temp folder through the table's own FileIO, so DuckDB needs no cloud extension
 * or credentials. Close to delete the copies.
 */
public final class SnapshotFiles implements AutoCloseable {
  private final Long snapshotId;
  private final List<String> paths;
  private final Path copies;

  private SnapshotFiles(Long snapshotId, List<String> paths, Path copies) {
    this.snapshotId = snapshotId;
    this.paths = List.copyOf(paths);
    this.copies = copies;
  }

  /**
   * Plans the current snapshot's files with Iceberg's partition and column-metrics pruning. The
   * filter only prunes whole files: rows must still be filtered when read.
   *
   * @throws IllegalStateException when a file carries row-level deletes, which DuckDB would not apply
   */
  public static SnapshotFiles plan(Table table, Expression filter, Path tempDir) throws IOException {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new SnapshotFiles(null, List.of(), null);
    }
    return plan(table, current.snapshotId(), filter, tempDir);
  }

  /** Plans the given snapshot's files, like {@link #plan(Table, Expression, Path)}. */
  public static SnapshotFiles plan(Table table, long snapshotId, Expression filter, Path tempDir)
      throws IOException {
    List<String> locations = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException("table " + table.name() + " has row-level deletes on "
              + task.file().location() + "; reading it through DuckDB would return deleted rows");
        }
        locations.add(task.file().location());
      }
    }
    return of(table, snapshotId, locations, tempDir);
  }

  /**
   * The given data files of the table as local paths, in order: local ones in place, others copied
   * through the table's FileIO.
   */
  public static SnapshotFiles of(Table table, Long snapshotId, List<String> locations, Path tempDir)
      throws IOException {
    Path copies = null;
    List<String> paths = new ArrayList<>();
    try {
      for (String location : locations) {
        Path local = localPath(location);
        if (local != null && Files.isReadable(local) && !hasGlob(local.toString())) {
          paths.add(local.toString());
          continue;
        }
        if (copies == null) {
          Files.createDirectories(tempDir);
          copies = Files.createTempDirectory(tempDir, "snapshot-files-");
        }
        Path copy = copies.resolve(paths.size() + ".parquet");
        try (InputStream in = table.io().newInputFile(location).newStream()) {
          Files.copy(in, copy);
        }
        paths.add(copy.toString());
      }
    } catch (IOException | RuntimeException e) {
      try {
        deleteTree(copies);
      } catch (UncheckedIOException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    return new SnapshotFiles(snapshotId, paths, copies);
  }

  /** The snapshot that was planned, or null for a table without one. */
  public Long snapshotId() {
    return snapshotId;
  }

  /** Local paths of the planned files. */
  public List<String> paths() {
    return paths;
  }

  @Override
  public void close() {
    deleteTree(copies);
  }

  /** A {@code file:} location or absolute path as a path; null for other schemes. Not percent-decoded, as Iceberg's local files. */
  private static Path localPath(String location) {
    String path = location;
    if (location.startsWith("file:")) {
      path = location.substring("file:".length());
      if (path.startsWith("//")) {
        int slash = path.indexOf('/', 2);
        String host = slash < 0 ? path.substring(2) : path.substring(2, slash);
        if (slash < 0 || !(host.isEmpty() || host.equals("localhost"))) {
          return null;
        }
        path = path.substring(slash);
      }
    }
    return path.startsWith("/") ? Path.of(path) : null;
  }

  // DuckDB expands these in file names
  private static boolean hasGlob(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temp copies in " + dir, e);
    }
  }
}
