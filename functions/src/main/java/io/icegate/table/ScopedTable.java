package io.icegate.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
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
 * Optimistic concurrency per scope on an append-only table: read a scope's rows at snapshot S,
 * decide, then append one file of that scope's rows only if no writer added rows of the same scope
 * since S. Writes to other scopes never conflict: Iceberg re-validates on each of its internal
 * retries, and exact file bounds on the scope's columns (full column metrics) keep scopes apart.
 */
public final class ScopedTable {

  /** Another writer added rows of the scope since the snapshot the decision was based on. */
  public static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;

    Conflict(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /**
   * Which rows a decision depends on: an Iceberg filter, which prunes files and guards appends, and
   * the same condition as an exact test on each row read.
   */
  public record Scope(Expression filter, Predicate<Record> test) {

    /** Every row of the table. */
    public static Scope all() {
      return new Scope(Expressions.alwaysTrue(), r -> true);
    }

    /** The rows whose {@code column} equals {@code value}. */
    public static Scope of(String column, Object value) {
      return all().and(column, value);
    }

    /** This scope narrowed to rows whose {@code column} equals {@code value}. */
    public Scope and(String column, Object value) {
      return and(Expressions.equal(column, value), r -> Objects.equals(value, r.getField(column)));
    }

    /** This scope narrowed by a filter and the row test that matches it exactly. */
    public Scope and(Expression filter, Predicate<Record> test) {
      return new Scope(Expressions.and(this.filter, filter), this.test.and(test));
    }
  }

  /** A scope's rows as of one snapshot of the table (snapshotId null: the table was empty). */
  public record View(Table table, Long snapshotId, List<Record> rows) {}

  /** A compacting table compacts a value's files when its row count passes a multiple of this. */
  public static final int COMPACT_EVERY = 32;
  private static final Logger LOG = LoggerFactory.getLogger(ScopedTable.class);

  private final Supplier<Table> table;
  private final String compactBy;

  /** A table whose appends never compact. */
  public ScopedTable(Supplier<Table> table) {
    this(table, null);
  }

  /** A table whose appends compact the files of their {@code compactBy} value every {@link #COMPACT_EVERY} rows. */
  public ScopedTable(Supplier<Table> table, String compactBy) {
    this.table = table;
    this.compactBy = compactBy;
  }

  /** The scope's rows at the table's current snapshot. */
  public View read(Scope scope) {
    Table t = table.get();
    t.refresh();
    Snapshot current = t.currentSnapshot();
    if (current == null) {
      return new View(t, null, List.of());
    }
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).useSnapshot(current.snapshotId())
        .where(scope.filter()).build()) {
      for (Record r : it) {
        // the scan prunes by file statistics; this keeps the rows exact whatever the reader does
        if (scope.test().test(r)) {
          rows.add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new View(t, current.snapshotId(), rows);
  }

  /**
   * Appends {@code rows} (all in {@code scope}) as one file, provided no rows of {@code scope} were
   * added after {@code view}'s snapshot; throws {@link Conflict} otherwise, leaving nothing behind.
   * A {@link CommitStateUnknownException} propagates: the caller looks for its rows before trying again.
   */
  public void append(View view, Scope scope, List<Record> rows, Map<String, String> summary) throws Conflict {
    Table t = view.table();
    DataFile file = IcegateTables.write(t, rows);
    OverwriteFiles op = t.newOverwrite()
        .addFile(file)
        .conflictDetectionFilter(scope.filter())
        .validateNoConflictingData();
    if (view.snapshotId() != null) {
      op.validateFromSnapshot(view.snapshotId());
    }
    summary.forEach(op::set);
    try {
      op.commit();
    } catch (ValidationException | CommitFailedException lost) {
      // ValidationException: rows of this scope were added since the view; CommitFailedException:
      // Iceberg ran out of retries against writers of other scopes. Either way: re-read and retry.
      t.io().deleteFile(file.location());
      throw new Conflict("rows matching " + scope.filter() + " were added since snapshot " + view.snapshotId(), lost);
    }
    if (compactBy != null && (view.rows().size() + rows.size()) % COMPACT_EVERY < rows.size()) {
      compact(String.valueOf(rows.get(0).getField(compactBy)));
    }
  }

  /**
   * Rewrites the files of one {@code compactBy} value as one, so reading it costs a few files however
   * long its history. The rows stay exactly as they were; the commit is a "replace", which the appends'
   * conflict checks ignore, so it never fails a concurrent writer. Best effort: a lost race or an
   * error leaves the files as they were. Returns how many files were replaced.
   */
  public int compact(String value) {
    if (compactBy == null) {
      throw new IllegalStateException("table has no compaction column");
    }
    Table t = table.get();
    Expression scope = Expressions.equal(compactBy, value);
    DataFile merged = null;
    try {
      t.refresh();
      Snapshot current = t.currentSnapshot();
      if (current == null) {
        return 0;
      }
      Set<DataFile> files = new HashSet<>();
      try (CloseableIterable<FileScanTask> tasks = t.newScan().useSnapshot(current.snapshotId())
          .filter(scope).includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          if (!onlyValue(t, task.file(), value)) {
            return 0; // a file with other values' rows too: rewriting by value could drop them
          }
          files.add(task.file());
        }
      }
      if (files.size() < 2) {
        return 0;
      }
      List<Record> rows = new ArrayList<>();
      try (CloseableIterable<Record> it = IcebergGenerics.read(t).useSnapshot(current.snapshotId())
          .where(scope).build()) {
        it.forEach(r -> rows.add(r.copy()));
      }
      merged = IcegateTables.write(t, rows);
      t.newRewrite().rewriteFiles(files, Set.of(merged)).validateFromSnapshot(current.snapshotId())
          .set("icegate." + compactBy, value).commit();
      return files.size();
    } catch (IOException | RuntimeException e) {
      LOG.info("compaction of {} {} in {} skipped: {}", compactBy, value, t.name(), e.toString());
      if (merged != null && !(e instanceof CommitStateUnknownException)) {
        t.io().deleteFile(merged.location());
      }
      return 0;
    }
  }

  private boolean onlyValue(Table t, DataFile file, String value) {
    int id = t.schema().findField(compactBy).fieldId();
    ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(id);
    ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(id);
    return lower != null && upper != null
        && value.contentEquals(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), lower))
        && value.contentEquals(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), upper));
  }
}
