package io.icegate.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text with its bound values. Identifiers are quoted by {@link #ident}; user values are only
 * ever added as parameters, so contract or upload text never becomes SQL.
 */
public final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  /** Quotes an identifier for DuckDB: double quotes, inner quotes doubled. */
  public static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * A string literal for settings that DuckDB does not accept as parameters (SET, FIELD_IDS).
   * Only for values icegate produces itself, never for user text.
   */
  public static String literal(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }

  /** Appends SQL text. */
  public Sql add(String sql) {
    text.append(sql);
    return this;
  }

  /** Appends a {@code ?} bound to {@code value}. */
  public Sql bind(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends another fragment with its parameters. */
  public Sql add(Sql other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  public boolean isEmpty() {
    return text.length() == 0;
  }

  /** Prepares the statement with every parameter bound. */
  public PreparedStatement prepare(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement(text.toString());
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
    return ps;
  }

  /** Runs a statement that returns no rows. */
  public void execute(Connection c) throws SQLException {
    try (PreparedStatement ps = prepare(c)) {
      ps.execute();
    }
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
