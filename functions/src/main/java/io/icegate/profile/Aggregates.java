package io.icegate.profile;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The single SQL aggregate pass: exact counts, min/max and means, plus DuckDB's distinct estimate
 * that decides how each column is sketched.
 */
record Aggregates(long rows, List<Stats> columns) {

  /** Exact statistics of one column; {@code approxDistinct} only plans the sketching. */
  record Stats(
      long nonNull,
      Double min,
      Double max,
      String minText,
      String maxText,
      Double mean,
      long approxDistinct) {}

  static Aggregates scan(Connection c, String relation, List<ProfileColumn> columns)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (ProfileColumn col : columns) {
      String q = col.sql();
      sql.append(", count(").append(q).append(')');
      switch (col.kind()) {
        case NUMERIC -> sql.append(", CAST(min(").append(q).append(") AS DOUBLE), CAST(max(")
            .append(q).append(") AS DOUBLE), CAST(avg(").append(q).append(") AS DOUBLE)");
        case TEMPORAL -> sql.append(", epoch_us(min(").append(q).append(")), epoch_us(max(")
            .append(q).append("))");
        case STRING -> sql.append(", min(").append(col.valueSql()).append("), max(")
            .append(col.valueSql()).append(')');
        case BOOLEAN -> { }
      }
      if (col.kind() != ColumnProfile.Kind.BOOLEAN) {
        sql.append(", approx_count_distinct(").append(col.valueSql()).append(')');
      }
    }
    sql.append(" FROM ").append(relation);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
      rs.next();
      int i = 1;
      long rows = rs.getLong(i++);
      List<Stats> stats = new ArrayList<>(columns.size());
      for (ProfileColumn col : columns) {
        long nonNull = rs.getLong(i++);
        Double min = null;
        Double max = null;
        String minText = null;
        String maxText = null;
        Double mean = null;
        switch (col.kind()) {
          case NUMERIC -> {
            min = doubleOrNull(rs, i++);
            max = doubleOrNull(rs, i++);
            mean = doubleOrNull(rs, i++);
          }
          case TEMPORAL -> {
            min = doubleOrNull(rs, i++);
            max = doubleOrNull(rs, i++);
          }
          case STRING -> {
            minText = rs.getString(i++);
            maxText = rs.getString(i++);
          }
          case BOOLEAN -> { }
        }
        long approxDistinct = col.kind() == ColumnProfile.Kind.BOOLEAN ? 2 : rs.getLong(i++);
        stats.add(new Stats(nonNull, min, max, minText, maxText, mean, approxDistinct));
      }
      return new Aggregates(rows, List.copyOf(stats));
    }
  }

  private static Double doubleOrNull(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? null : v;
  }
}
