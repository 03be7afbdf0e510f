package io.icegate.profile;

import io.icegate.engine.Sql;
import java.util.Objects;

/** A column to profile and how to summarise it; the caller maps SQL types to kinds. */
public record ProfileColumn(String name, ColumnProfile.Kind kind) {

  public ProfileColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  /** The quoted identifier. */
  String sql() {
    return Sql.ident(name);
  }

  /** The value as the sketches see it: DOUBLE, epoch micros (BIGINT) or VARCHAR. */
  String valueSql() {
    return switch (kind) {
      case NUMERIC -> "CAST(" + sql() + " AS DOUBLE)";
      case TEMPORAL -> "epoch_us(" + sql() + ")";
      case STRING, BOOLEAN -> "CAST(" + sql() + " AS VARCHAR)";
    };
  }
}
