package io.icegate.registry;

import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optimistic concurrency per model on an append-only table: read a model's rows at snapshot S,
 * decide, then append one file of that model's rows only if no writer added rows for the same
 * model since S. Writes for other models never conflict: Iceberg re-validates on each of its
 * internal retries, and the {@code model} column's exact file bounds keep models apart.
 */
final class ModelScopedTable {

  /** Another writer added rows for the model since the snapshot the decision was based on. */
  static final class Conflict extends Exception {
    Conflict(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** A model's rows as of one snapshot of the table (null: the table was empty). */
  record View(Table table, Long snapshotId, List<Record> rows) {}

  /** A write compacts its model's files when its row count passes a multiple of this. */
  static final int COMPACT_EVERY = 32;
  private static final Logger LOG = LoggerFactory.getLogger(ModelScopedTable.class);

  private final Supplier<Table> table;

  ModelScopedTable(Supplier<Table> table) {
    this.table = table;
  }

  /** The model's rows at the table's current snapshot. */
  View read(String model) {
    return read(Expressions.equal("model", model), model);
  }

  /** Every row at the table's current snapshot. */
  View readAll() {
    return read(Expressions.alwaysTrue(), null);
  }

  private View read(Expression filter, String model) {
    Table t = table.get();
    t.refresh();
    Snapshot current = t.currentSnapshot();
    if (current == null) {
      return new View(t, null, List.of());
    }
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).useSnapshot(current.snapshotId())
        .where(filter).build()) {
      for (Record r : it) {
        // the scan prunes by file statistics; this keeps the rows exact whatever the reader does
        if (model == null || model.equals(r.getField("model"))) {
          rows.add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new View(t, current.snapshotId(), rows);
  }

  /**
   * Appends {@code rows} (all of {@code model}) as one file, provided no rows of {@code model} were
   * added after {@code view}'s snapshot; throws {@link Conflict} otherwise, leaving nothing behind.
   * A {@link org.apache.iceberg.exceptions.CommitStateUnknownException} propagates: the caller
   * looks for its rows before trying again.
   */
  void append(View view, String model, List<Record> rows, Map<String, String> summary) throws Conflict {
    Table t = view.table();
    DataFile file = IcegateTables.write(t, rows);
    OverwriteFiles op = t.newOverwrite()
        .addFile(file)
        .conflictDetectionFilter(Expressions.equal("model", model))
        .validateNoConflictingData();
    if (view.snapshotId() != null) {
      op.validateFromSnapshot(view.snapshotId());
    }
    summary.forEach(op::set);
    try {
      op.commit();
    } catch (ValidationException | CommitFailedException lost) {
      // ValidationException: rows for this model were added since the view; CommitFailedException:
      // Iceberg ran out of retries against writers of other models. Either way: re-read and retry.
      t.io().deleteFile(file.location());
      throw new Conflict("rows of model '" + model + "' changed since snapshot " + view.snapshotId(), lost);
    }
    if ((view.rows().size() + rows.size()) % COMPACT_EVERY < rows.size()) {
      compact(model);
    }
  }

  /**
   * Rewrites a model's files as one, so reading a model costs a few files however long its
   * history. The rows stay exactly as they were; the commit is a "replace", which the appends'
   * conflict checks ignore, so it never fails a concurrent writer. Best effort: a lost race or an
   * error leaves the files as they were. Returns how many files were replaced.
   */
  int compact(String model) {
    Table t = table.get();
    DataFile merged = null;
    try {
      t.refresh();
      Snapshot current = t.currentSnapshot();
      if (current == null) {
        return 0;
      }
      Set<DataFile> files = new HashSet<>();
      try (CloseableIterable<FileScanTask> tasks = t.newScan().useSnapshot(current.snapshotId())
          .filter(Expressions.equal("model", model)).includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          if (!onlyModel(t, task.file(), model)) {
            return 0; // a file with other models' rows too: rewriting by model could drop them
          }
          files.add(task.file());
        }
      }
      if (files.size() < 2) {
        return 0;
      }
      List<Record> rows = new ArrayList<>();
      try (CloseableIterable<Record> it = IcebergGenerics.read(t).useSnapshot(current.snapshotId())
          .where(Expressions.equal("model", model)).build()) {
        it.forEach(r -> rows.add(r.copy()));
      }
      merged = IcegateTables.write(t, rows);
      t.newRewrite().rewriteFiles(files, Set.of(merged)).validateFromSnapshot(current.snapshotId())
          .set("icegate.model", model).commit();
      return files.size();
    } catch (IOException | RuntimeException e) {
      LOG.info("compaction of model {} in {} skipped: {}", model, t.name(), e.toString());
      if (merged != null && !(e instanceof CommitStateUnknownException)) {
        t.io().deleteFile(merged.location());
      }
      return 0;
    }
  }

  private static boolean onlyModel(Table t, DataFile file, String model) {
    int id = t.schema().findField("model").fieldId();
    ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(id);
    ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(id);
    return lower != null && upper != null
        && model.contentEquals(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), lower))
        && model.contentEquals(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), upper));
  }
}
