package io.icegate.maintenance;

import io.icegate.engine.DuckEngine;
import io.icegate.engine.Sql;
import io.icegate.table.ContractSchemas;
import io.icegate.table.BatchFiles;
import io.icegate.table.FieldIdParquet;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;

/**
 * Rewrites the small data files of a table, partition by partition, into files near the target
 * size, without Spark: DuckDB reads them (columns matched by Parquet field id, so renamed and added
 * columns come out right) and writes one Parquet file per bin with the table's field ids, as ingest
 * does; an Iceberg {@link RewriteFiles} validated from the snapshot that was read swaps them in.
 * A concurrent append does not conflict; a concurrent delete or rewrite of the same files fails the
 * commit, which is retried once from the new state and otherwise abandoned, its files deleted.
 */
final class FileCompactor {
  /** Summary key marking the snapshots compaction commits. */
  static final String OPERATION = "icegate.maintenance";

  private final DuckEngine engine;
  private final Consumer<Table> beforeCommit;

  FileCompactor(DuckEngine engine, Consumer<Table> beforeCommit) {
    this.engine = engine;
    this.beforeCommit = beforeCommit;
  }

  /** A partition's files: spec and partition tuple shared by its files. */
  private record Group(PartitionSpec spec, DataFile first, List<DataFile> files) {}

  /** Compacts {@code table}'s small files, except those {@code hold} keeps as they are for now. */
  CompactionReport compact(Table table, MaintenanceOptions o, boolean dryRun, Predicate<DataFile> hold)
      throws Exception {
    table.refresh();
    Snapshot base = table.currentSnapshot();
    if (base == null) {
      return new CompactionReport(0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }
    String deletes = base.summary().get(SnapshotSummary.TOTAL_DELETE_FILES_PROP);
    if (deletes != null && Long.parseLong(deletes) > 0) {
      throw new IllegalStateException("has " + deletes + " delete files; icegate tables are append-only and"
          + " compaction does not apply row-level deletes: refused");
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    int filesBefore = 0;
    long bytesBefore = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException("has row-level deletes on " + task.file().location()
              + "; compaction does not apply them: refused");
        }
        DataFile f = task.file().copyWithoutStats();
        PartitionSpec spec = table.specs().get(f.specId());
        String key = f.specId() + "/" + spec.partitionToPath(f.partition());
        groups.computeIfAbsent(key, k -> new Group(spec, f, new ArrayList<>())).files().add(f);
        filesBefore++;
        bytesBefore += f.fileSizeInBytes();
      }
    }
    long small = o.targetFileBytes() * 3 / 4;
    List<String> notes = new ArrayList<>();
    List<List<DataFile>> bins = new ArrayList<>();
    List<Group> binGroups = new ArrayList<>();
    int partitions = 0;
    int held = 0;
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      List<DataFile> smallFiles = e.getValue().files().stream().filter(f -> f.fileSizeInBytes() < small)
          .sorted(Comparator.comparing(DataFile::location)).toList();
      int before = smallFiles.size();
      smallFiles = smallFiles.stream().filter(hold.negate()).toList();
      held += before - smallFiles.size();
      if (smallFiles.size() < o.minSmallFiles()) {
        continue;
      }
      List<List<DataFile>> packed = pack(smallFiles, o.targetFileBytes());
      if (!packed.isEmpty()) {
        partitions++;
      }
      for (List<DataFile> bin : packed) {
        bins.add(bin);
        binGroups.add(e.getValue());
      }
    }
    if (held > 0) {
      notes.add(held + " file(s) of batches still waiting for their profiles left as they are");
    }
    int rewritten = bins.stream().mapToInt(List::size).sum();
    if (dryRun || bins.isEmpty()) {
      return new CompactionReport(filesBefore, filesBefore - rewritten + bins.size(), bytesBefore, bytesBefore,
          partitions, rewritten, bins.size(), 0, notes);
    }
    Set<DataFile> removed = new HashSet<>();
    List<DataFile> written = new ArrayList<>();
    long bytesRemoved = 0;
    try {
      for (int i = 0; i < bins.size(); i++) {
        written.add(write(table, binGroups.get(i), bins.get(i)));
        removed.addAll(bins.get(i));
        bytesRemoved += bins.get(i).stream().mapToLong(DataFile::fileSizeInBytes).sum();
      }
    } catch (Exception e) {
      written.forEach(f -> table.io().deleteFile(f.location()));
      throw e;
    }
    int retries = commit(table, base.snapshotId(), removed, written, notes);
    if (retries < 0) {
      return new CompactionReport(filesBefore, filesBefore, bytesBefore, bytesBefore, partitions, 0, 0, 1, notes);
    }
    long bytesWritten = written.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    return new CompactionReport(filesBefore, filesBefore - removed.size() + written.size(), bytesBefore,
        bytesBefore - bytesRemoved + bytesWritten, partitions, removed.size(), written.size(), retries, notes);
  }

  /** First-fit in location order: bins of at most the target's input bytes, each of two files or more. */
  private static List<List<DataFile>> pack(List<DataFile> files, long target) {
    List<List<DataFile>> bins = new ArrayList<>();
    List<DataFile> bin = new ArrayList<>();
    long size = 0;
    for (DataFile f : files) {
      if (!bin.isEmpty() && size + f.fileSizeInBytes() > target) {
        bins.add(bin);
        bin = new ArrayList<>();
        size = 0;
      }
      bin.add(f);
      size += f.fileSizeInBytes();
    }
    bins.add(bin);
    bins.removeIf(b -> b.size() < 2);
    return bins;
  }

  /**
   * Commits the swap; returns the retries it took, or -1 when abandoned after a conflicting change
   * (the written files are then deleted and a note says why).
   */
  private int commit(Table table, long baseSnapshot, Set<DataFile> removed, List<DataFile> written, List<String> notes)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(baseSnapshot);
        removed.forEach(rewrite::deleteFile);
        written.forEach(rewrite::addFile);
        rewrite.set(OPERATION, "compaction");
        if (attempt == 1) {
          beforeCommit.accept(table);
        }
        rewrite.commit();
        return attempt - 1;
      } catch (CommitFailedException concurrent) {
        // a concurrent commit moved the table on: retry once from its new state
        if (attempt < 2) {
          table.refresh();
          continue;
        }
        abandon(table, written);
        notes.add("compaction abandoned after a retry: " + concurrent.getMessage());
        return -1;
      } catch (ValidationException conflict) {
        // files being rewritten were deleted or rewritten meanwhile
        abandon(table, written);
        notes.add("compaction abandoned, a concurrent change conflicts: " + conflict.getMessage());
        return -1;
      } catch (CommitStateUnknownException unknown) {
        // the commit may have landed: the files must stay; orphan cleanup takes them if it did not
        throw unknown;
      }
    }
  }

  private static void abandon(Table table, List<DataFile> written) {
    written.forEach(f -> table.io().deleteFile(f.location()));
    table.refresh();
  }

  /** Reads a bin through DuckDB and writes it as one Parquet file in the table, not yet committed. */
  private DataFile write(Table table, Group group, List<DataFile> bin) throws Exception {
    Schema schema = table.schema();
    Path tmp = engine.tempDir();
    long rows = bin.stream().mapToLong(DataFile::recordCount).sum();
    try (SnapshotFiles local = SnapshotFiles.of(table, null, bin.stream().map(DataFile::location).toList(), tmp);
        Connection c = engine.open()) {
      Map<String, List<String>> byLayout = new LinkedHashMap<>();
      Map<String, Map<Integer, String>> layouts = new LinkedHashMap<>();
      for (String path : local.paths()) {
        Map<Integer, String> ids = topLevelFieldIds(c, path);
        String key = ids.toString();
        layouts.put(key, ids);
        byLayout.computeIfAbsent(key, k -> new ArrayList<>()).add(path);
      }
      Sql select = new Sql();
      for (Map.Entry<String, List<String>> e : byLayout.entrySet()) {
        select.add(select.isEmpty() ? "" : " UNION ALL ").add("SELECT "
            + projection(schema, layouts.get(e.getKey())) + " FROM read_parquet(["
            + e.getValue().stream().map(Sql::literal).collect(Collectors.joining(", ")) + "])");
      }
      SortOrder order = table.sortOrder();
      boolean sorted = order.isSorted() && order.fields().stream().allMatch(f -> f.transform().isIdentity());
      if (sorted) {
        select = new Sql().add("SELECT * FROM (").add(select).add(") ORDER BY " + order.fields().stream()
            .map(FileCompactor::orderTerm).map(t -> t.apply(schema)).collect(Collectors.joining(", ")));
      }
      Path out = tmp.resolve("compact-" + UUID.randomUUID() + ".parquet");
      try {
        // the footer lists the batches the file now holds, so profile mode still knows them
        new Sql().add("COPY (").add(select).add(") TO " + Sql.literal(out.toString()) + " ("
            + FieldIdParquet.copyOptions(schema) + ", KV_METADATA {" + Sql.literal(BatchFiles.KEY) + ": ")
            .bind(BatchFiles.value(batches(table, bin))).add("})").execute(c);
        PartitionSpec spec = group.spec();
        String name = "compacted-" + UUID.randomUUID() + ".parquet";
        String location = spec.isUnpartitioned()
            ? table.locationProvider().newDataLocation(name)
            : table.locationProvider().newDataLocation(spec, group.first().partition(), name);
        OutputFile target = table.io().newOutputFile(location);
        try (InputStream in = Files.newInputStream(out); OutputStream os = target.createOrOverwrite()) {
          in.transferTo(os);
        }
        DataFile file = FieldIdParquet.dataFile(table, spec, group.first().partition(), target.toInputFile());
        if (sorted) {
          file = DataFiles.builder(spec).copy(file).withSortOrder(order).build();
        }
        if (file.recordCount() != rows) {
          table.io().deleteFile(location);
          throw new IllegalStateException("compacted file has " + file.recordCount() + " rows, its inputs " + rows);
        }
        return file;
      } finally {
        Files.deleteIfExists(out);
      }
    }
  }

  /** The batches of the bin's files: each ingested file's own, each compacted file's listed ones. */
  private static java.util.Set<String> batches(Table table, List<DataFile> bin) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (DataFile f : bin) {
      java.util.Set<String> listed = BatchFiles.listed(table.io().newInputFile(f.location()));
      out.addAll(listed.isEmpty() ? java.util.Set.of(BatchFiles.name(f.location())) : listed);
    }
    return out;
  }

  private static java.util.function.Function<Schema, String> orderTerm(SortField f) {
    return s -> Sql.ident(s.findColumnName(f.sourceId())) + (f.direction() == org.apache.iceberg.SortDirection.ASC
        ? " ASC" : " DESC") + (f.nullOrder() == org.apache.iceberg.NullOrder.NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
  }

  /**
   * The columns of the table schema read from a file whose top-level columns carry the given field
   * ids: matched by id, cast to the current type (promotions), NULL where the file predates the column.
   */
  static String projection(Schema schema, Map<Integer, String> fileIds) {
    List<String> cols = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      String source = fileIds.get(f.fieldId());
      String value;
      if (f.type().isPrimitiveType()) {
        String type = ContractSchemas.duckType(f.type());
        value = source == null ? "CAST(NULL AS " + type + ")" : "CAST(" + Sql.ident(source) + " AS " + type + ")";
      } else if (source != null) {
        value = Sql.ident(source);
      } else {
        throw new IllegalStateException("a data file lacks nested column " + f.name() + " (added later): not compacted");
      }
      cols.add(value + " AS " + Sql.ident(f.name()));
    }
    return String.join(", ", cols);
  }

  /** Field id to column name for the top-level columns of a Parquet file. */
  static Map<Integer, String> topLevelFieldIds(Connection c, String path) throws SQLException, IOException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name, num_children, field_id FROM parquet_schema(?)")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Object[] {rs.getString(1), rs.getObject(2), rs.getObject(3)});
        }
      }
    }
    Map<Integer, String> ids = new LinkedHashMap<>();
    int top = count(rows.get(0));
    int i = 1;
    for (int n = 0; n < top; n++) {
      Object[] col = rows.get(i);
      if (col[2] == null) {
        throw new IllegalStateException("data file " + path + " has no Parquet field id on column " + col[0]
            + ": not compacted (Iceberg would map it by position)");
      }
      ids.put(((Number) col[2]).intValue(), (String) col[0]);
      i = skip(rows, i);
    }
    return ids;
  }

  private static int count(Object[] row) {
    return row[1] == null ? 0 : ((Number) row[1]).intValue();
  }

  /** The index after the subtree rooted at {@code i} (parquet_schema lists the tree depth first). */
  private static int skip(List<Object[]> rows, int i) {
    int children = count(rows.get(i));
    int next = i + 1;
    for (int k = 0; k < children; k++) {
      next = skip(rows, next);
    }
    return next;
  }
}
