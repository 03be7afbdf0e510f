package io.icegate.registry;

import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

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
  }
}
