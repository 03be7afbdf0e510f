package io.icegate.ingest;

import io.icegate.engine.DuckEngine;
import io.icegate.engine.Sql;
import io.icegate.observe.Correlation;
import io.icegate.profile.ColumnProfile;
import io.icegate.profile.ProfileColumn;
import io.icegate.profile.Profiler;
import io.icegate.table.BatchFiles;
import io.icegate.table.IcegateTables;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code profileBatches} function, ingest's follow-up: profiles committed batches into
 * {@code icegate.profiles}, one row per column (DataSketches KLL, HLL, frequent items and exact
 * counts), from the batch's own data files.
 *
 * <p>It runs after the commit, not inside it, so an upload's rows are visible as soon as they are
 * checked and written, and a profile that fails or is late costs drift scans an exact read, never
 * an upload. A batch already profiled is left alone, so a retry or a catch-up run
 * ({@link ProfileRequest#ALL}) is safe; a batch compacted before it was profiled has no file of its
 * own left and is skipped.
 */
public final class ProfileBatches implements Function<ProfileRequest, ProfileResult> {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileBatches.class);

  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Clock clock;

  public ProfileBatches(IcegateTables tables, DuckEngine engine, Clock clock) {
    this.tables = tables;
    this.engine = engine;
    this.clock = clock;
  }

  /**
   * Ingest's follow-up for one report, as the platforms run it: profiles the batch when it
   * committed one. Never throws: the rows are committed, and a batch left without profiles is
   * the catch-up's (each failed batch is logged by {@link #apply} itself).
   */
  public static void after(IngestReport report, Function<? super ProfileRequest, ?> profileBatches) {
    ProfileRequest request = ProfileRequest.after(report);
    if (request == null) {
      return;
    }
    try {
      profileBatches.apply(request);
    } catch (RuntimeException e) {
      LOG.warn("profiles of batch {} not written", report.batchId(), e);
    }
  }

  @Override
  public ProfileResult apply(ProfileRequest request) {
    ProfileRequest r = request == null ? ProfileRequest.ALL : request;
    List<ProfileResult.Profiled> profiled = new ArrayList<>();
    List<ProfileResult.Unprofiled> skipped = new ArrayList<>();
    List<ProfileResult.Unprofiled> failed = new ArrayList<>();
    List<String> datasets = r.dataset() != null ? List.of(r.dataset())
        : tables.list(tables.datasets()).stream().map(TableIdentifier::name).toList();
    for (String dataset : datasets) {
      Table table = tables.dataset(dataset).orElse(null);
      if (table == null) {
        r.batchIds().forEach(id -> skipped.add(new ProfileResult.Unprofiled(dataset, id, "no dataset '" + dataset + "'")));
        continue;
      }
      Set<String> already = tables.profiledBatches(dataset);
      Map<String, List<String>> files = filesByBatch(table);
      Collection<String> wanted = r.batchIds().isEmpty() ? files.keySet() : r.batchIds();
      for (String batchId : wanted) {
        if (already.contains(batchId)) {
          if (!r.batchIds().isEmpty()) {
            skipped.add(new ProfileResult.Unprofiled(dataset, batchId, "already profiled"));
          }
        } else if (!files.containsKey(batchId)) {
          skipped.add(new ProfileResult.Unprofiled(dataset, batchId, "no data file of its own in the current snapshot"
              + " (not committed, or compacted before it was profiled)"));
        } else {
          try (Correlation c = Correlation.with(Correlation.BATCH_ID, batchId)) {
            profiled.add(profile(table, dataset, batchId, files.get(batchId)));
          } catch (Exception e) {
            LOG.warn("profiles of batch {} of {} not written: {}", batchId, dataset, e.toString(), e);
            failed.add(new ProfileResult.Unprofiled(dataset, batchId, e.toString()));
          }
        }
      }
    }
    return new ProfileResult(profiled, skipped, failed);
  }

  private ProfileResult.Profiled profile(Table table, String dataset, String batchId, List<String> locations)
      throws Exception {
    long started = System.nanoTime();
    List<ColumnProfile> profiles;
    try (SnapshotFiles local = SnapshotFiles.of(table, null, locations, engine.tempDir());
        Connection c = engine.open()) {
      // the paths are icegate's own (table folder or temp copies), so they may be literals
      String relation = local.paths().stream().map(Sql::literal)
          .collect(Collectors.joining(", ", "read_parquet([", "])"));
      profiles = Profiler.profile(c, relation, columns(c, relation, table));
    }
    // the snapshot that committed the batch, while it is not expired
    Long snapshotId = DatasetCommitter.bySummary(table, IcegateTables.BATCH_ID, batchId).map(Snapshot::snapshotId)
        .orElse(null);
    Table out = tables.profiles();
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    List<Record> rows = new ArrayList<>();
    for (ColumnProfile p : profiles) {
      GenericRecord row = GenericRecord.create(out.schema());
      row.setField("batch_id", batchId);
      row.setField("dataset", dataset);
      row.setField("snapshot_id", snapshotId);
      row.setField("column_name", p.column());
      row.setField("kind", p.kind().name().toLowerCase(Locale.ROOT));
      row.setField("row_count", p.count());
      row.setField("null_count", p.nulls());
      row.setField("distinct_estimate", (double) p.distinct());
      row.setField("min_value", p.min());
      row.setField("max_value", p.max());
      row.setField("mean", p.mean());
      row.setField("min_text", p.minText());
      row.setField("max_text", p.maxText());
      row.setField("kll", buffer(p.kll()));
      row.setField("hll", buffer(p.hll()));
      row.setField("frequent_items", buffer(p.frequentItems()));
      row.setField("created_at", now);
      rows.add(row);
    }
    IcegateTables.append(out, rows, Map.of(IcegateTables.BATCH_ID, batchId));
    long millis = (System.nanoTime() - started) / 1_000_000;
    long count = profiles.isEmpty() ? 0 : profiles.get(0).count();
    LOG.info("profiled batch {} of {}: {} rows, {} columns in {} ms", batchId, dataset, count, profiles.size(), millis);
    return new ProfileResult.Profiled(dataset, batchId, count, profiles.size(), millis);
  }

  /** The table's columns that the batch's files hold (a column added later is not in them). */
  private static List<ProfileColumn> columns(Connection c, String relation, Table table) throws Exception {
    Set<String> inFiles = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
      while (rs.next()) {
        inFiles.add(rs.getString(1));
      }
    }
    List<ProfileColumn> columns = new ArrayList<>();
    for (Types.NestedField f : table.schema().columns()) {
      if (inFiles.contains(f.name())) {
        columns.add(new ProfileColumn(f.name(), ColumnProfile.Kind.of(f.type())));
      }
    }
    return columns;
  }

  /** The current snapshot's data files by the batch that wrote them; compacted files hold several and are left out. */
  private static Map<String, List<String>> filesByBatch(Table table) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (table.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        String batch = BatchFiles.batchOf(t.file().location());
        if (batch != null && t.deletes().isEmpty()) {
          out.computeIfAbsent(batch, k -> new ArrayList<>()).add(t.file().location());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }


  private static ByteBuffer buffer(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }
}
