package io.icegate.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.engine.Sql;
import io.icegate.ingest.Json;
import io.icegate.shadow.ShadowComparison;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The review queue's query in DuckDB: the window's predictions of one model (one row per request
 * id, production's answer first), their confidence and stratum, minus labelled and handed-out
 * request ids, below the threshold; then the most uncertain of each stratum in turn.
 */
final class ReviewSelection {
  private static final String C = Sql.ident("c");
  private static final String L = Sql.ident("l");
  private static final String RID = Sql.ident("rid");
  private static final String VAR = Sql.ident("var");
  private static final String TS = Sql.ident("ts");
  private static final String PRED = Sql.ident("pred");
  private static final String SC = Sql.ident("sc");
  private static final String FEAT = Sql.ident("feat");
  private static final String CONF = Sql.ident("conf");
  private static final String STRATUM = Sql.ident("stratum");
  /** The stratum of a prediction whose class or feature is missing. */
  static final String NONE = "(none)";

  /**
   * The files to read and which optional columns the predictions table has.
   *
   * @param feedback files of dataset feedback (empty when it does not exist)
   */
  record Sources(List<String> predictions, Set<String> columns, List<String> feedback) {}

  /** Candidates per stratum (sorted by stratum) and the chosen items in hand-out order. */
  record Selected(Map<String, Long> strata, List<ReviewItem> items) {}

  private final Connection c;

  ReviewSelection(Connection c) {
    this.c = c;
  }

  Selected select(Sources sources, ReviewRequest r, Instant from, Instant to, List<String> handedOut, int take)
      throws SQLException {
    labels(sources.feedback());
    candidates(sources, r, from, to, handedOut);
    Map<String, Long> strata = new LinkedHashMap<>();
    try (PreparedStatement ps = new Sql().add("SELECT " + STRATUM + ", count(*) FROM " + C + " GROUP BY "
        + STRATUM + " ORDER BY " + STRATUM).prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        strata.put(rs.getString(1), rs.getLong(2));
      }
    }
    List<ReviewItem> items = new ArrayList<>();
    if (take > 0) {
      // round robin: rank within the stratum first, so every stratum gives one before any gives two
      Sql sql = new Sql().add("SELECT " + RID + ", " + Sql.ident("ver") + ", " + VAR + ", epoch_us(" + TS + "), "
              + PRED + ", " + SC + ", " + CONF + ", " + STRATUM + ", " + FEAT + ", row_number() OVER (PARTITION BY "
              + STRATUM + " ORDER BY " + CONF + ", " + TS + " DESC, " + RID + ") AS rk FROM " + C + " ORDER BY rk, "
              + CONF + ", " + STRATUM + ", " + RID + " LIMIT ").bind(take);
      try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long version = rs.getLong(2);
          Long v = rs.wasNull() ? null : version;
          double score = rs.getDouble(6);
          Double s = rs.wasNull() ? null : score;
          items.add(new ReviewItem(rs.getString(1), r.model(), v, rs.getString(3),
              Instant.EPOCH.plusNanos(rs.getLong(4) * 1000), rs.getString(5), s, rs.getDouble(7), rs.getString(8),
              features(rs.getString(9))));
        }
      }
    }
    return new Selected(strata, items);
  }

  /** Temp table {@code l}: every labelled request id. */
  private void labels(List<String> feedback) throws SQLException {
    new Sql().add("CREATE TEMP TABLE " + L + " (" + RID + " VARCHAR)").execute(c);
    if (!feedback.isEmpty()) {
      new Sql().add("INSERT INTO " + L + " SELECT DISTINCT CAST(" + Sql.ident("request_id") + " AS VARCHAR) FROM"
              + " read_parquet(").bind(c.createArrayOf("VARCHAR", feedback.toArray()))
          .add("::VARCHAR[], union_by_name = true) WHERE " + Sql.ident("label") + " IS NOT NULL").execute(c);
    }
  }

  /** Temp table {@code c}: the candidates with their confidence and stratum. */
  private void candidates(Sources sources, ReviewRequest r, Instant from, Instant to, List<String> handedOut)
      throws SQLException {
    Sql rows = new Sql().add("SELECT CAST(" + Sql.ident("request_id") + " AS VARCHAR) AS " + RID + ", "
            + column(sources, "version", "BIGINT") + " AS " + Sql.ident("ver") + ", CAST(" + Sql.ident("variant")
            + " AS VARCHAR) AS " + VAR + ", " + Sql.ident("ts") + " AS " + TS + ", "
            + column(sources, "prediction", "VARCHAR") + " AS " + PRED + ", " + column(sources, "score", "DOUBLE")
            + " AS " + SC + ", " + column(sources, "features", "VARCHAR") + " AS " + FEAT + " FROM read_parquet(")
        .bind(c.createArrayOf("VARCHAR", sources.predictions().toArray()))
        .add("::VARCHAR[], union_by_name = true) WHERE " + Sql.ident("model") + " = ").bind(r.model())
        .add(" AND " + Sql.ident("ts") + " >= ").bind(from.atOffset(ZoneOffset.UTC))
        .add(" AND " + Sql.ident("ts") + " < ").bind(to.atOffset(ZoneOffset.UTC));
    if (r.variant() != null) {
      rows.add(" AND " + Sql.ident("variant") + " = ").bind(r.variant());
    }
    // one row per request: shadows log production's request ids; the request is what gets labelled
    Sql latest = new Sql().add("SELECT * FROM (").add(rows).add(") QUALIFY row_number() OVER (PARTITION BY " + RID
            + " ORDER BY (" + VAR + " = ").bind(ShadowComparison.PRODUCTION)
        .add(") DESC, " + TS + " DESC, " + PRED + " DESC NULLS LAST, " + SC + " DESC NULLS LAST) = 1");
    Sql scored = new Sql().add("SELECT *, ").add(confidence(r.confidence())).add(" AS " + CONF + ", ")
        .add(stratum(r.strata())).add(" AS " + STRATUM + " FROM (").add(latest).add(")");
    new Sql().add("CREATE TEMP TABLE " + C + " AS SELECT * FROM (").add(scored).add(") WHERE isfinite(" + CONF
            + ") AND " + CONF + " < ").bind(r.threshold())
        .add(" AND " + RID + " NOT IN (SELECT unnest(").bind(c.createArrayOf("VARCHAR", handedOut.toArray()))
        .add("::VARCHAR[])) AND " + RID + " NOT IN (SELECT " + RID + " FROM " + L + ")")
        .execute(c);
  }

  private static String column(Sources sources, String name, String type) {
    return sources.columns().contains(name) ? "CAST(" + Sql.ident(name) + " AS " + type + ")" : "NULL::" + type;
  }

  private static Sql confidence(ReviewConfidence confidence) {
    return switch (confidence.kind()) {
      case MARGIN -> new Sql().add("abs(" + SC + " - 0.5)");
      case SCORE -> new Sql().add(SC);
      case FEATURE -> new Sql().add("TRY_CAST(").add(feature(confidence.feature())).add(" AS DOUBLE)");
    };
  }

  private static Sql stratum(ReviewStrata strata) {
    return switch (strata.kind()) {
      case CLASS -> new Sql().add("coalesce(" + PRED + ", ").bind(NONE).add(")");
      case VARIANT -> new Sql().add(VAR);
      case FEATURE -> new Sql().add("coalesce(").add(feature(strata.feature())).add(", ").bind(NONE).add(")");
      case NONE -> new Sql().add("'all'");
    };
  }

  /** A top-level value of the features JSON as text; null when absent or when the features are not valid JSON. */
  private static Sql feature(String name) {
    // the name's characters are checked (no quotes), and it is bound, not spliced
    return new Sql().add("CASE WHEN json_valid(" + FEAT + ") THEN json_extract_string(" + FEAT + ", ")
        .bind("$.\"" + name + "\"").add(") END");
  }

  /** The features as a JSON object; null when absent or not an object. */
  private static JsonNode features(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
