package io.icegate.feedback;

import static org.apache.iceberg.expressions.Expressions.in;

import io.icegate.engine.DuckEngine;
import io.icegate.engine.Sql;
import io.icegate.table.IcegateTables;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;

/**
 * Reads what a batch of labels needs to know, through DuckDB on the planned Parquet files: the
 * current label of each (request id, source) in dataset {@code feedback}, and which request ids
 * dataset {@code predictions} has. Files are pruned by the request ids' column bounds.
 */
final class FeedbackLog {

  /** The idempotency key of a label. */
  record Key(String requestId, String source) {}

  private static final String REQUEST_ID = Sql.ident("request_id");
  private static final String SOURCE = Sql.ident("source");
  private static final String LABEL = Sql.ident("label");

  private final IcegateTables tables;
  private final DuckEngine engine;

  FeedbackLog(IcegateTables tables, DuckEngine engine) {
    this.tables = tables;
    this.engine = engine;
  }

  /** The latest row of each (request id, source) among {@code requestIds}; rows without a source are ignored. */
  Map<Key, FeedbackRecord> latest(Set<String> requestIds) {
    Map<Key, FeedbackRecord> out = new HashMap<>();
    Optional<Table> table = tables.dataset(FeedbackService.DATASET);
    if (requestIds.isEmpty() || table.isEmpty() || !has(table.get().schema(), "source")) {
      return out;
    }
    Schema s = table.get().schema();
    String ts = has(s, "ts") ? "epoch_us(" + Sql.ident("ts") + ")" : "NULL::BIGINT";
    query(table.get(), requestIds, (files, ids) -> new Sql()
        .add("SELECT CAST(" + REQUEST_ID + " AS VARCHAR) AS rid, CAST(" + SOURCE + " AS VARCHAR) AS src, CAST("
            + LABEL + " AS VARCHAR), " + ts + " AS us, " + text(s, "feedback_id") + " AS fid, "
            + text(s, "corrects") + ", " + text(s, "actor") + " FROM read_parquet(").bind(files)
        .add("::VARCHAR[], union_by_name = true) WHERE " + SOURCE + " IS NOT NULL AND " + LABEL
            + " IS NOT NULL AND CAST(" + REQUEST_ID + " AS VARCHAR) IN (SELECT unnest(").bind(ids)
        // the latest label counts; equal times (two instances at once) are broken by id, deterministically
        .add("::VARCHAR[])) QUALIFY row_number() OVER (PARTITION BY rid, src ORDER BY us DESC NULLS LAST,"
            + " fid DESC NULLS LAST) = 1"), rs -> {
              String requestId = rs.getString(1);
              String source = rs.getString(2);
              String label = rs.getString(3);
              long us = rs.getLong(4);
              Instant at = rs.wasNull() ? null : Instant.EPOCH.plusNanos(us * 1000);
              String id = rs.getString(5);
              String corrects = rs.getString(6);
              // a label file with a source but no ids: the id the API would have given the row
              String feedbackId = id != null ? id : FeedbackService.feedbackId(requestId, source, label, corrects);
              out.put(new Key(requestId, source),
                  new FeedbackRecord(feedbackId, requestId, label, source, at, corrects, rs.getString(7)));
            });
    return out;
  }

  /** Which of {@code requestIds} dataset {@code predictions} holds (any model, any variant). */
  Set<String> known(Set<String> requestIds) {
    Set<String> out = new HashSet<>();
    Optional<Table> table = tables.dataset(FeedbackService.PREDICTIONS);
    if (requestIds.isEmpty() || table.isEmpty() || !has(table.get().schema(), "request_id")) {
      return out;
    }
    query(table.get(), requestIds, (files, ids) -> new Sql()
        .add("SELECT DISTINCT CAST(" + REQUEST_ID + " AS VARCHAR) AS rid FROM read_parquet(").bind(files)
        .add("::VARCHAR[], union_by_name = true) WHERE rid IN (SELECT unnest(").bind(ids).add("::VARCHAR[]))"),
        rs -> out.add(rs.getString(1)));
    return out;
  }

  private interface Statement {
    Sql build(Array files, Array ids);
  }

  private interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  private void query(Table table, Set<String> requestIds, Statement statement, Row row) {
    try (SnapshotFiles files = SnapshotFiles.plan(table, in("request_id", requestIds.toArray()), engine.tempDir());
        Connection c = engine.open()) {
      if (files.paths().isEmpty()) {
        return;
      }
      Sql sql = statement.build(c.createArrayOf("VARCHAR", files.paths().toArray()),
          c.createArrayOf("VARCHAR", requestIds.toArray()));
      try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset '" + table.name() + "'", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read dataset '" + table.name() + "': " + e.getMessage(), e);
    }
  }

  private static boolean has(Schema s, String column) {
    return s.findField(column) != null;
  }

  /** A text column, or NULL when the table does not have it (label files from before the API). */
  private static String text(Schema s, String column) {
    return has(s, column) ? "CAST(" + Sql.ident(column) + " AS VARCHAR)" : "NULL::VARCHAR";
  }
}
