package io.icegate.table;

import io.icegate.engine.Sql;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Parquet files that DuckDB writes for an Iceberg table: the COPY options that stamp the table's
 * field ids on every column (without them Iceberg maps columns by position, silently wrong after a
 * reorder), and the {@link DataFile} that commits such a file with metrics read from its footer.
 * Ingest and compaction both write through here.
 */
public final class FieldIdParquet {

  private FieldIdParquet() {}

  /** {@code FORMAT PARQUET, COMPRESSION zstd, FIELD_IDS {...}} for the schema's columns, nested ones included. */
  public static String copyOptions(Schema schema) {
    String ids = schema.columns().stream().map(FieldIdParquet::fieldIds).collect(Collectors.joining(", "));
    return "FORMAT PARQUET, COMPRESSION zstd, FIELD_IDS {" + ids + "}";
  }

  // DuckDB names nested ids as the children of __duckdb_field_id: list element, map key/value, struct fields
  private static String fieldIds(Types.NestedField f) {
    return Sql.ident(f.name()) + ": " + ids(f.fieldId(), f.type());
  }

  private static String ids(int id, Type type) {
    if (type.isPrimitiveType()) {
      return String.valueOf(id);
    }
    String children = switch (type.typeId()) {
      case LIST -> {
        Types.ListType l = type.asListType();
        yield "element: " + ids(l.elementId(), l.elementType());
      }
      case MAP -> {
        Types.MapType m = type.asMapType();
        yield "key: " + ids(m.keyId(), m.keyType()) + ", value: " + ids(m.valueId(), m.valueType());
      }
      case STRUCT -> type.asStructType().fields().stream().map(FieldIdParquet::fieldIds)
          .collect(Collectors.joining(", "));
      default -> throw new IllegalArgumentException("unsupported nested type " + type);
    };
    return "{__duckdb_field_id: " + id + ", " + children + "}";
  }

  /** A data file of {@code spec} for a written Parquet file, with the table's metrics settings. */
  public static DataFile dataFile(Table table, PartitionSpec spec, StructLike partition, InputFile in) {
    return DataFiles.builder(spec)
        .withPartition(partition)
        .withInputFile(in)
        .withFormat(FileFormat.PARQUET)
        .withMetrics(ParquetUtil.fileMetrics(in, MetricsConfig.forTable(table)))
        .build();
  }
}
