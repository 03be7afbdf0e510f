package io.icegate.monitor;

import io.icegate.profile.ColumnProfile;
import io.icegate.table.BatchFiles;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The per-batch profiles of {@code icegate.profiles} and the batches a dataset snapshot is made
 * of, read off its live data files ({@link BatchFiles}): an ingested file is named after its batch
 * and a compacted one lists its batches in its footer. So snapshot expiry, which removes the
 * ancestry a snapshot's history would otherwise be read from, and compaction hide no batch. A file
 * that is no profiled batch's is reported as a reason, and the scan reads rows instead.
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

  /** The batches whose data files make up {@code snapshotId}, with their profiles. */
  Batches batches(Table table, String dataset, long snapshotId) {
    Map<String, Map<String, ColumnProfile>> profiles = read(dataset);
    Set<String> ids = new LinkedHashSet<>();
    try (CloseableIterable<FileScanTask> files = table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask f : files) {
        if (!f.deletes().isEmpty()) {
          return new Batches(List.of(), "snapshot " + snapshotId + " of '" + dataset + "' has row deletes,"
              + " and profiles describe appended batches only");
        }
        String location = f.file().location();
        String name = BatchFiles.name(location);
        String ingested = BatchFiles.batchOf(location);
        String id = ingested != null ? ingested : name;
        Set<String> held = profiles.containsKey(id) ? Set.of(id) : BatchFiles.listed(table.io().newInputFile(location));
        for (String batch : held.isEmpty() ? Set.of(id) : held) {
          if (!profiles.containsKey(batch)) {
            return new Batches(List.of(), "data file " + name + ".parquet of '" + dataset + "' at snapshot "
                + snapshotId + " holds rows of no profiled batch (written outside ingest, or its profile was"
                + " not written)");
          }
          ids.add(batch);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Batch> out = new ArrayList<>();
    for (String id : ids) {
      out.add(new Batch(id, profiles.get(id)));
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
