package io.icegate.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The data files of one snapshot as local paths, for DuckDB to read with {@code read_parquet}.
 * icegate writes every file with Iceberg field ids and the column names of its day; columns are only
 * ever added, so {@code union_by_name} lines old and new files up.
 */
public final class SnapshotFiles {

  private SnapshotFiles() {}

  /**
   * Plans {@code table} at {@code snapshotId} (pruned by {@code filter}); files outside the local
   * filesystem are copied into {@code staging}.
   *
   * @throws IllegalStateException when the snapshot has delete files, which icegate never writes
   */
  public static List<Path> local(Table table, long snapshotId, Expression filter, Path staging) {
    TableScan scan = table.newScan().useSnapshot(snapshotId).filter(filter);
    List<Path> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(table.name() + " has row deletes at snapshot " + snapshotId
              + "; icegate reads append-only tables");
        }
        out.add(local(table, task.file().location(), staging));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Path local(Table table, String location, Path staging) throws IOException {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location));
    }
    if (location.startsWith("/")) {
      return Path.of(location);
    }
    Files.createDirectories(staging);
    Path copy = Files.createTempFile(staging, "snapshot-", ".parquet");
    try (InputStream in = table.io().newInputFile(location).newStream()) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }
}
