package io.icegate.monitor;

import io.icegate.profile.ColumnProfile;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The per-batch profiles of {@code icegate.profiles} and the batches a dataset snapshot is made
 * of. Profile mode is exact about which rows a snapshot holds only when every snapshot in its
 * ancestry is an ingest append (one batch id each); anything else is reported as a reason.
 */
final class ProfileSource {

  /** One batch: its id and its profiles by column. */
  record Batch(String batchId, Map<String, ColumnProfile> columns) {}

  /** The batches of a snapshot, or why they do not describe it. */
  record Batches(List<Batch> batches, String problem) {}

  private final IcegateTables tables;

  ProfileSource(IcegateTables tables) {
    this.tables = tables;
  }

  /**
   * The batches of every append in the ancestry of {@code snapshotId}, oldest first, with their
   * profiles (a batch without a profile row has an empty map).
   */
  Batches batches(Table table, String dataset, long snapshotId) {
    List<String> ids = new ArrayList<>();
    for (Snapshot s : SnapshotUtil.ancestorsOf(snapshotId, table::snapshot)) {
      String id = s.summary().get(IcegateTables.BATCH_ID);
      if (!DataOperations.APPEND.equals(s.operation())) {
        return new Batches(List.of(), "snapshot " + s.snapshotId() + " of '" + dataset + "' is a "
            + s.operation() + ", and profiles describe appended batches only");
      }
      if (id == null) {
        return new Batches(List.of(), "snapshot " + s.snapshotId() + " of '" + dataset
            + "' was not written by an ingest, so no profile describes its rows");
      }
      ids.add(0, id);
    }
    Map<String, Map<String, ColumnProfile>> profiles = read(dataset);
    List<Batch> out = new ArrayList<>();
    for (String id : ids) {
      out.add(new Batch(id, profiles.getOrDefault(id, Map.of())));
    }
    return new Batches(out, null);
  }

  /** Profiles of one dataset by batch id and column. */
  private Map<String, Map<String, ColumnProfile>> read(String dataset) {
    Map<String, Map<String, ColumnProfile>> out = new HashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(tables.profiles())
        .where(Expressions.equal("dataset", dataset)).build()) {
      for (Record r : rows) {
        if (!dataset.equals(r.getField("dataset"))) {
          continue; // the filter prunes files; rows are checked here
        }
        ColumnProfile p = profile(r);
        out.computeIfAbsent((String) r.getField("batch_id"), k -> new LinkedHashMap<>()).put(p.column(), p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static ColumnProfile profile(Record r) {
    return new ColumnProfile((String) r.getField("column_name"),
        ColumnProfile.Kind.valueOf(((String) r.getField("kind")).toUpperCase(Locale.ROOT)),
        (Long) r.getField("row_count"), (Long) r.getField("null_count"),
        Math.round((Double) r.getField("distinct_estimate")),
        (Double) r.getField("min_value"), (Double) r.getField("max_value"),
        (String) r.getField("min_text"), (String) r.getField("max_text"), (Double) r.getField("mean"),
        bytes(r.getField("kll")), bytes(r.getField("hll")), bytes(r.getField("frequent_items")));
  }

  private static byte[] bytes(Object buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer b = ((ByteBuffer) buffer).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The merge of one column's profiles over {@code batches}. */
  static ColumnProfile merge(Collection<Batch> batches, String column) {
    if (batches.isEmpty()) {
      return null;
    }
    List<ColumnProfile> profiles = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      profiles.add(b.columns().get(column));
    }
    return ColumnProfile.merge(profiles);
  }
}
