package io.icegate.table;

import io.icegate.contract.LogicalType;
import io.icegate.contract.Property;
import io.icegate.contract.SchemaObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Maps ODCS properties to Iceberg types and DuckDB types, one rule for both engines. */
public final class ContractSchemas {
  private static final Pattern DECIMAL =
      Pattern.compile("(?:decimal|numeric|number)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
  private static final Pattern VARCHAR = Pattern.compile("(?:varchar|char|character varying|nvarchar|string|text)(?:\\s*\\(\\s*\\d+\\s*\\))?");

  private ContractSchemas() {}

  /** The Iceberg schema a fresh table gets for this object; field ids 1..n in contract order. */
  public static Schema schemaFor(SchemaObject object) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (Property p : object.properties()) {
      fields.add(field(id++, p));
    }
    return new Schema(fields);
  }

  private static final Pattern TRANSFORM =
      Pattern.compile("(year|month|day|hour|identity|truncate|bucket)\\((?:\\s*(\\d+)\\s*,)?\\s*([^)]+?)\\s*\\)");

  /**
   * The partition spec from {@code icegate.partitioning} terms: a column name or
   * {@code year|month|day|hour|identity(col)} or {@code truncate(W, col)}.
   *
   * @throws IllegalArgumentException for terms the ingest cannot write, e.g. bucket
   */
  public static PartitionSpec partitionSpec(Schema schema, List<String> terms) {
    PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
    for (String term : terms) {
      Matcher m = TRANSFORM.matcher(term.trim());
      String transform = m.matches() ? m.group(1) : "identity";
      String column = m.matches() ? m.group(3) : term.trim();
      if (schema.findField(column) == null) {
        throw new IllegalArgumentException("icegate.partitioning '" + term + "': no column '" + column + "'");
      }
      switch (transform) {
        case "identity" -> b.identity(column);
        case "year" -> b.year(column);
        case "month" -> b.month(column);
        case "day" -> b.day(column);
        case "hour" -> b.hour(column);
        case "truncate" -> b.truncate(column, Integer.parseInt(m.group(2)));
        default -> throw new IllegalArgumentException("icegate.partitioning '" + term
            + "': the " + transform + " transform is not supported by ingest yet (use identity, year, month,"
            + " day, hour or truncate)");
      }
    }
    return b.build();
  }

  /** The field for a property with the given id. */
  public static Types.NestedField field(int id, Property p) {
    return p.required()
        ? Types.NestedField.required(id, p.name(), icebergType(p))
        : Types.NestedField.optional(id, p.name(), icebergType(p));
  }

  /**
   * The Iceberg type of a property: its logicalType refined by physicalType when one is given.
   *
   * @throws IllegalArgumentException naming the property when the physicalType is not supported
   */
  public static Type icebergType(Property p) {
    String phys = p.physicalType() == null ? "" : p.physicalType().trim().toLowerCase(Locale.ROOT);
    LogicalType lt = p.logicalType();
    Type t =
        switch (lt) {
          case STRING -> phys.isEmpty() || VARCHAR.matcher(phys).matches() ? Types.StringType.get() : null;
          case INTEGER -> switch (phys) {
            case "", "bigint", "long", "int64", "integer64" -> Types.LongType.get();
            case "int", "integer", "int32", "smallint", "tinyint", "int16", "int8" -> Types.IntegerType.get();
            default -> decimal(phys, true);
          };
          case NUMBER -> switch (phys) {
            case "", "double", "float64", "double precision", "float8" -> Types.DoubleType.get();
            case "float", "real", "float32", "float4" -> Types.FloatType.get();
            default -> decimal(phys, false);
          };
          case BOOLEAN -> phys.isEmpty() || phys.equals("boolean") || phys.equals("bool") ? Types.BooleanType.get() : null;
          case DATE -> phys.isEmpty() || phys.equals("date") ? Types.DateType.get() : null;
          case TIME -> phys.isEmpty() || phys.equals("time") ? Types.TimeType.get() : null;
          case TIMESTAMP -> timestamp(phys, p.options().timezone());
        };
    if (t == null) {
      throw new IllegalArgumentException(
          "property '" + p.name() + "' (line " + p.line() + "): physicalType '" + p.physicalType()
              + "' is not supported for logicalType " + lt.odcsName());
    }
    return t;
  }

  /** The DuckDB type that holds values of an Iceberg primitive type. */
  public static String duckType(Type t) {
    return switch (t.typeId()) {
      case STRING -> "VARCHAR";
      case LONG -> "BIGINT";
      case INTEGER -> "INTEGER";
      case DOUBLE -> "DOUBLE";
      case FLOAT -> "FLOAT";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case BINARY -> "BLOB";
      case TIMESTAMP -> ((Types.TimestampType) t).shouldAdjustToUTC() ? "TIMESTAMPTZ" : "TIMESTAMP";
      case DECIMAL -> {
        Types.DecimalType d = (Types.DecimalType) t;
        yield "DECIMAL(" + d.precision() + "," + d.scale() + ")";
      }
      default -> throw new IllegalArgumentException("unsupported column type " + t);
    };
  }

  private static Type decimal(String phys, boolean integral) {
    Matcher m = DECIMAL.matcher(phys);
    if (!m.matches()) {
      return null;
    }
    int precision = Integer.parseInt(m.group(1));
    int scale = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    if (precision < 1 || precision > 38 || scale > precision || (integral && scale != 0)) {
      return null;
    }
    return Types.DecimalType.of(precision, scale);
  }

  private static Type timestamp(String phys, Boolean timezone) {
    return switch (phys) {
      case "", "timestamp" -> timezone == null || timezone
          ? Types.TimestampType.withZone()
          : Types.TimestampType.withoutZone();
      case "timestamptz", "timestamp_tz", "timestamp with time zone" -> Types.TimestampType.withZone();
      case "timestamp_ntz", "timestamp without time zone", "datetime" -> Types.TimestampType.withoutZone();
      default -> null;
    };
  }

}
