package io.icegate.ingest;

import io.icegate.engine.Sql;
import io.icegate.profile.ColumnProfile;
import io.icegate.profile.ProfileColumn;
import io.icegate.profile.Profiler;
import io.icegate.table.IcegateTables;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Profiles each accepted batch into {@code icegate.profiles}, one row per column. */
final class BatchProfiles implements ProfileWriter {
  private final IcegateTables tables;
  private final Clock clock;

  BatchProfiles(IcegateTables tables, Clock clock) {
    this.tables = tables;
    this.clock = clock;
  }

  @Override
  public void write(Connection duckdb, List<Path> acceptedParquet, Table dataset, String batchId, long snapshotId)
      throws Exception {
    List<ProfileColumn> columns = new ArrayList<>();
    for (Types.NestedField f : dataset.schema().columns()) {
      columns.add(new ProfileColumn(f.name(), kind(f.type())));
    }
    // the staging path is icegate's own, so it may be a literal
    String relation = acceptedParquet.stream().map(p -> Sql.literal(p.toString()))
        .collect(java.util.stream.Collectors.joining(", ", "read_parquet([", "])"));
    List<ColumnProfile> profiles = Profiler.profile(duckdb, relation, columns);
    Table table = tables.profiles();
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    String name = dataset.name().substring(dataset.name().lastIndexOf('.') + 1);
    List<Record> rows = new ArrayList<>();
    for (ColumnProfile p : profiles) {
      GenericRecord r = GenericRecord.create(table.schema());
      r.setField("batch_id", batchId);
      r.setField("dataset", name);
      r.setField("snapshot_id", snapshotId);
      r.setField("column_name", p.column());
      r.setField("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
      r.setField("row_count", p.count());
      r.setField("null_count", p.nulls());
      r.setField("distinct_estimate", (double) p.distinct());
      r.setField("min_value", p.min());
      r.setField("max_value", p.max());
      r.setField("mean", p.mean());
      r.setField("min_text", p.minText());
      r.setField("max_text", p.maxText());
      r.setField("kll", buffer(p.kll()));
      r.setField("hll", buffer(p.hll()));
      r.setField("frequent_items", buffer(p.frequentItems()));
      r.setField("created_at", now);
      rows.add(r);
    }
    IcegateTables.append(table, rows, Map.of(IcegateTables.BATCH_ID, batchId));
  }

  private static ByteBuffer buffer(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }

  /** Numbers are profiled as numbers, dates and times as epoch microseconds, the rest as categories. */
  static ColumnProfile.Kind kind(Type t) {
    return ColumnProfile.Kind.of(t);
  }
}
