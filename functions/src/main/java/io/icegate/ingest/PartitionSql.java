package io.icegate.ingest;

import io.icegate.engine.Sql;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;

/**
 * Iceberg partition transforms as DuckDB expressions that yield Iceberg's internal partition
 * values (days and hours since the epoch, micros for timestamps), so files can be split by
 * partition in one COPY.
 */
final class PartitionSql {
  private PartitionSql() {}

  /** The expression computing {@code field}'s partition value from the columns of {@code alias}. */
  static String expression(PartitionField field, Schema schema, String alias) {
    Type source = schema.findType(field.sourceId());
    String col = alias + "." + Sql.ident(schema.findColumnName(field.sourceId()));
    String transform = field.transform().toString();
    if (transform.equals("identity")) {
      return switch (source.typeId()) {
        case DATE -> "datediff('day', DATE '1970-01-01', " + col + ")::INTEGER";
        case TIMESTAMP -> "epoch_us(" + col + ")";
        case TIME -> "(epoch_us(" + col + ") % 86400000000)";
        default -> col;
      };
    }
    if (transform.startsWith("truncate[")) {
      int width = Integer.parseInt(transform.substring("truncate[".length(), transform.length() - 1));
      return switch (source.typeId()) {
        case INTEGER, LONG -> "(" + col + " - (((" + col + " % " + width + ") + " + width + ") % " + width + "))";
        case STRING -> "left(" + col + ", " + width + ")";
        default -> throw new IllegalArgumentException("truncate on " + source + " is not supported by ingest yet");
      };
    }
    String ts = source.typeId() == Type.TypeID.DATE ? "CAST(" + col + " AS TIMESTAMP)" : col;
    return switch (transform) {
      case "year" -> "(date_part('year', " + ts + ") - 1970)::INTEGER";
      case "month" -> "((date_part('year', " + ts + ") - 1970) * 12 + date_part('month', " + ts + ") - 1)::INTEGER";
      case "day" -> "datediff('day', DATE '1970-01-01', CAST(" + ts + " AS DATE))::INTEGER";
      case "hour" -> "floor(epoch_us(" + ts + ") / 3600000000)::INTEGER";
      default -> throw new IllegalArgumentException("partition transform " + transform + " is not supported by ingest yet");
    };
  }
}
