package io.icegate.ingest;

import io.icegate.contract.Property;
import io.icegate.contract.TypeOptions;
import io.icegate.engine.Sql;
import io.icegate.table.ContractSchemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * How one contract property is read from an upload: the source expression, the typed value, and
 * the row-level checks that reject a row with a reason.
 *
 * @param property the contract property
 * @param type its Iceberg type in the table
 * @param source SQL reading the raw value from the upload, or {@code NULL} when the column is
 *     absent (allowed for optional columns)
 * @param sourceDuckType DuckDB type of the raw value ({@code VARCHAR} for text read from CSV or
 *     JSON, which icegate parses itself), or null when the column is absent
 */
record ColumnPlan(
    Property property, Type type, String source, String sourceDuckType) {

  private static final String INTEGER_RE = "[+-]?[0-9]+";

  String name() {
    return property.name();
  }

  /** Whether the raw value is text that icegate parses itself. */
  boolean sourceIsText() {
    return "VARCHAR".equals(sourceDuckType);
  }

  String duckType() {
    return ContractSchemas.duckType(type);
  }

  /** SQL for the typed value: NULL when the raw value is null or does not parse as the type. */
  Sql typed() {
    String t = duckType();
    if (!sourceIsText()) {
      if (t.equals(sourceDuckType)) {
        return new Sql().add(source);
      }
      boolean integral = type.typeId() == Type.TypeID.LONG || type.typeId() == Type.TypeID.INTEGER;
      boolean floatingSource = sourceDuckType.equals("DOUBLE") || sourceDuckType.equals("FLOAT");
      if (integral && floatingSource) {
        // TRY_CAST rounds 2.7 to 3; a fractional value is not an integer
        return new Sql().add("CASE WHEN " + source + " = trunc(" + source + ") THEN TRY_CAST("
            + source + " AS " + t + ") END");
      }
      return new Sql().add("TRY_CAST(" + source + " AS " + t + ")");
    }
    String v = "trim(" + source + ")";
    String format = property.options().format();
    return switch (type.typeId()) {
      case STRING -> new Sql().add(source);
      case LONG, INTEGER -> matching(v, INTEGER_RE, "TRY_CAST(" + v + " AS " + t + ")");
      // DuckDB's cast is strict for floating point (no rounding to worry about), and a regex per
      // value would cost more than the whole parse; NaN and Infinity are refused by a check
      case DOUBLE, FLOAT -> new Sql().add("TRY_CAST(" + source + " AS " + t + ")");
      case DECIMAL -> {
        int scale = ((Types.DecimalType) type).scale();
        String re = scale == 0 ? INTEGER_RE : "[+-]?([0-9]+(\\.[0-9]{0," + scale + "})?|\\.[0-9]{1," + scale + "})";
        yield matching(v, re, "TRY_CAST(" + v + " AS " + t + ")");
      }
      case BOOLEAN -> new Sql().add("CASE lower(" + v + ") WHEN 'true' THEN true WHEN 'false' THEN false"
          + " WHEN '1' THEN true WHEN '0' THEN false END");
      case DATE, TIMESTAMP, TIME -> format == null
          ? new Sql().add("TRY_CAST(" + v + " AS " + t + ")")
          : new Sql().add("TRY_CAST(try_strptime(" + v + ", ").bind(format).add(") AS " + t + ")");
      default -> throw new IllegalStateException("unsupported type " + type);
    };
  }

  private static Sql matching(String v, String regex, String cast) {
    // the regexes are icegate's own constants; only contract values are bound
    return new Sql().add("CASE WHEN regexp_full_match(" + v + ", " + Sql.literal(regex) + ") THEN " + cast + " END");
  }

  /** A row check: SQL that is true when the row is broken, and the reason to give. */
  record Check(Sql broken, String reason) {

    /** {@code CASE WHEN <broken> THEN <reason> END}, for the reason list of a row. */
    Sql reasonOrNull() {
      return new Sql().add("CASE WHEN ").add(broken).add(" THEN ").bind(reason).add(" END");
    }
  }

  /** Row checks over SQL names for the raw and the typed value. */
  List<Check> checks(String raw, String typed) {
    List<Check> checks = new ArrayList<>();
    if (property.required() || property.primaryKey()) {
      checks.add(check(raw + " IS NULL", "required value is missing"));
    }
    checks.add(check(raw + " IS NOT NULL AND " + typed + " IS NULL", "not a valid " + typeWord()));
    if (type.typeId() == Type.TypeID.DOUBLE || type.typeId() == Type.TypeID.FLOAT) {
      checks.add(check("NOT isfinite(" + typed + ")", "not a finite number (NaN or Infinity)"));
    }
    if (sourceIsText() && type.typeId() == Type.TypeID.STRING) {
      // readers pass NUL through, and most tools downstream truncate at it
      checks.add(check("strpos(" + raw + ", chr(0)) > 0", "contains a NUL byte"));
    }
    TypeOptions o = property.options();
    String t = duckType();
    bound(checks, typed, ">=", o.minimum(), t, "below minimum " + o.minimum());
    bound(checks, typed, "<=", o.maximum(), t, "above maximum " + o.maximum());
    bound(checks, typed, ">", o.exclusiveMinimum(), t, "not above exclusiveMinimum " + o.exclusiveMinimum());
    bound(checks, typed, "<", o.exclusiveMaximum(), t, "not below exclusiveMaximum " + o.exclusiveMaximum());
    if (o.multipleOf() != null) {
      checks.add(new Check(new Sql().add(typed + " % CAST(").bind(o.multipleOf()).add(" AS DOUBLE) <> 0"),
          name() + ": not a multiple of " + o.multipleOf()));
    }
    if (o.minLength() != null) {
      checks.add(new Check(new Sql().add("length(" + typed + ") < ").bind(o.minLength()),
          name() + ": shorter than minLength " + o.minLength()));
    }
    if (o.maxLength() != null) {
      checks.add(new Check(new Sql().add("length(" + typed + ") > ").bind(o.maxLength()),
          name() + ": longer than maxLength " + o.maxLength()));
    }
    if (o.pattern() != null) {
      // JSON Schema semantics, which ODCS follows: the pattern is searched, not anchored
      checks.add(new Check(new Sql().add("NOT regexp_matches(" + typed + ", ").bind(o.pattern()).add(")"),
          name() + ": does not match pattern " + o.pattern()));
    }
    return checks;
  }

  private void bound(List<Check> checks, String typed, String okOp, String value, String t, String reason) {
    if (value != null) {
      checks.add(new Check(new Sql().add("NOT (" + typed + " " + okOp + " CAST(").bind(value).add(" AS " + t + "))"),
          name() + ": " + reason));
    }
  }

  private Check check(String brokenSql, String reason) {
    return new Check(new Sql().add(brokenSql), name() + ": " + reason);
  }

  private String typeWord() {
    return switch (type.typeId()) {
      case LONG, INTEGER -> "integer";
      case DOUBLE, FLOAT -> "number";
      case DECIMAL -> "decimal " + type;
      case TIMESTAMP -> "timestamp";
      default -> type.toString();
    };
  }
}
