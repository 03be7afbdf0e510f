package io.icegate.feedback;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;

import io.icegate.engine.DuckEngine;
import io.icegate.engine.Sql;
import io.icegate.table.IcegateTables;
import io.icegate.table.ScopedTable;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * {@code icegate.review_assignments}: what the review queue handed out. A hand-out is appended only
 * if no other hand-out of the same model was committed since the snapshot its budget was counted
 * on (Iceberg's conflict validation, scoped to the model), so concurrent calls cannot both spend
 * the last of a day's budget.
 */
final class ReviewAssignments {

  /**
   * A model's hand-outs as of one snapshot.
   *
   * @param snapshotId the snapshot read, or null when the table was empty
   * @param requestIds request ids handed out since the time read from
   * @param today how many of them count against {@code day}
   */
  record View(Table table, Long snapshotId, List<String> requestIds, int today) {}

  private final IcegateTables tables;
  private final DuckEngine engine;
  private final ScopedTable scoped;

  ReviewAssignments(IcegateTables tables, DuckEngine engine) {
    this.tables = tables;
    this.engine = engine;
    this.scoped = new ScopedTable(tables::reviewAssignments);
  }

  /**
   * The model's hand-outs at or after {@code since}, and how many were on {@code day}. An item of the
   * window was handed out after it was served, so hand-outs before the window start cannot matter.
   */
  View read(String model, Instant since, LocalDate day) {
    Table table = tables.reviewAssignments();
    table.refresh();
    List<String> ids = new ArrayList<>();
    int today = 0;
    try (SnapshotFiles files = SnapshotFiles.plan(table, and(equal("model", model),
            greaterThanOrEqual("assigned_at", micros(since))), engine.tempDir());
        Connection c = engine.open()) {
      if (!files.paths().isEmpty()) {
        Sql sql = new Sql().add("SELECT CAST(" + Sql.ident("request_id") + " AS VARCHAR), " + Sql.ident("day")
                + " = CAST(").bind(day.toString()).add(" AS DATE) FROM read_parquet(")
            .bind(c.createArrayOf("VARCHAR", files.paths().toArray()))
            .add("::VARCHAR[]) WHERE " + Sql.ident("model") + " = ").bind(model)
            .add(" AND " + Sql.ident("assigned_at") + " >= ").bind(since.atOffset(ZoneOffset.UTC));
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
            if (rs.getBoolean(2)) {
              today++;
            }
          }
        }
      }
      return new View(table, files.snapshotId(), ids, today);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table.name(), e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + table.name() + ": " + e.getMessage(), e);
    }
  }

  /** Appends one hand-out, unless the model's hand-outs changed since {@code view}. */
  void append(View view, String assignmentId, String model, LocalDate day, Instant at, String actor,
      List<ReviewItem> items) throws ScopedTable.Conflict {
    Table t = view.table();
    List<Record> rows = new ArrayList<>();
    for (ReviewItem item : items) {
      Record r = GenericRecord.create(t.schema());
      r.setField("assignment_id", assignmentId);
      r.setField("model", model);
      r.setField("request_id", item.requestId());
      r.setField("day", day);
      r.setField("assigned_at", at.atOffset(ZoneOffset.UTC));
      r.setField("actor", actor);
      r.setField("stratum", item.stratum());
      r.setField("confidence", item.confidence());
      rows.add(r);
    }
    // the hand-outs were read through DuckDB, not as records; a view's rows only count towards
    // compaction, which this table does not do
    scoped.append(new ScopedTable.View(t, view.snapshotId(), List.of()), ScopedTable.Scope.of("model", model), rows,
        Map.of("icegate.model", model, "icegate.assignment-id", assignmentId));
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
