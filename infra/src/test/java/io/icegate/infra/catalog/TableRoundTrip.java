package io.icegate.infra.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/** A small table, Parquet files written for it and a full read: what every catalog test needs. */
final class TableRoundTrip {

  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));

  private TableRoundTrip() {}

  /** Creates a namespace and table, appends one Parquet file, reads it back and drops it all. */
  static void run(Catalog catalog) throws IOException {
    Namespace namespace = Namespace.of("rt_" + UUID.randomUUID().toString().replace("-", ""));
    TableIdentifier id = TableIdentifier.of(namespace, "trips");
    SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
    namespaces.createNamespace(namespace);
    Table table = catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());

    DataFile file = writeParquet(table, 0, 100);
    table.newAppend().appendFile(file).commit();

    Table reloaded = catalog.loadTable(id);
    assertThat(ids(reloaded)).hasSize(100).containsExactlyInAnyOrderElementsOf(range(0, 100));
    assertThat(reloaded.currentSnapshot().summary()).containsEntry("added-records", "100");
    assertThat(file.location()).startsWith("file:");
    assertThat(reloaded.currentSnapshot().allManifests(reloaded.io()))
        .extracting(ManifestFile::path)
        .allSatisfy(path -> assertThat(path).startsWith("file:"));

    assertThat(catalog.dropTable(id, true)).isTrue();
    assertThat(catalog.tableExists(id)).isFalse();
    assertThat(reloaded.io().newInputFile(file.location()).exists()).isFalse();
    assertThat(namespaces.dropNamespace(namespace)).isTrue();
  }

  /** Writes {@code rows} records with ids from {@code firstId} as one Parquet data file. */
  static DataFile writeParquet(Table table, long firstId, int rows) throws IOException {
    String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    OutputFile out = table.io().newOutputFile(location);
    DataWriter<org.apache.iceberg.data.Record> writer =
        Parquet.writeData(out)
            .forTable(table)
            .createWriterFunc(GenericParquetWriter::create)
            .overwrite()
            .build();
    try (writer) {
      GenericRecord record = GenericRecord.create(table.schema());
      for (long id = firstId; id < firstId + rows; id++) {
        writer.write(record.copy("id", id, "name", "row-" + id));
      }
    }
    return writer.toDataFile();
  }

  /** Every id in the table's current snapshot, read with Iceberg's generic reader. */
  static List<Long> ids(Table table) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<org.apache.iceberg.data.Record> rows =
        IcebergGenerics.read(table).build()) {
      rows.forEach(row -> ids.add((Long) row.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** The ids {@code from} (inclusive) to {@code to} (exclusive). */
  static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }
}
