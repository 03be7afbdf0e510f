package io.icegate.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.icegate.engine.Sql;
import io.icegate.profile.ColumnProfile.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Profiles real DuckDB data and checks every figure against SQL or an exact computation. */
class ProfilerTest {

  private static final int ROWS = 200_000;
  /** Three reference batches of different sizes, and two current ones. */
  private static final int[][] REFERENCE_BATCHES = {{0, 15_000}, {15_000, 60_000}, {60_000, ROWS}};
  private static final int[][] CURRENT_BATCHES = {{0, 120_000}, {120_000, ROWS}};

  private static final List<ProfileColumn> COLUMNS = List.of(
      new ProfileColumn("normal value", Kind.NUMERIC),
      new ProfileColumn("lognormal", Kind.NUMERIC),
      new ProfileColumn("bimodal", Kind.NUMERIC),
      new ProfileColumn("we\"ird count", Kind.NUMERIC),
      new ProfileColumn("category", Kind.STRING),
      new ProfileColumn("user_id", Kind.STRING),
      new ProfileColumn("flag", Kind.BOOLEAN),
      new ProfileColumn("ts", Kind.TEMPORAL));

  private static Connection db;

  @BeforeAll
  static void data() throws SQLException {
    db = DriverManager.getConnection("jdbc:duckdb:");
    // One thread while generating, so setseed makes the data reproducible.
    exec("SET threads = 1");
    exec("SET autoinstall_known_extensions = false");
    exec("SET autoload_known_extensions = false");
    generate("reference", 0.17, 0.0);
    generate("current", 0.29, 1.0);
    exec("SET threads = 2");
  }

  /**
   * Skewed, bimodal, low-cardinality and nullable numbers, a Zipf-like category with ~3000 values,
   * near-unique ids, a boolean and a month of timestamps; {@code drift} shifts every distribution.
   */
  private static void generate(String table, double seed, double drift) throws SQLException {
    exec("SELECT setseed(" + seed + ")");
    exec(String.format(Locale.ROOT, """
        CREATE TABLE %s AS
        WITH u AS (SELECT range AS i, random() AS u1, random() AS u2, random() AS u3
                   FROM range(%d))
        SELECT i,
          CASE WHEN u3 < 0.03 THEN NULL
               ELSE sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) + 0.08 * %3$f END AS "normal value",
          exp((1.2 + 0.1 * %3$f) * sqrt(-2 * ln(u2)) * sin(2 * pi() * u1)) AS lognormal,
          CASE WHEN u3 < 0.35 + 0.05 * %3$f THEN 5 + sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)
               ELSE 12 + 2 * sqrt(-2 * ln(u1)) * sin(2 * pi() * u2) END AS bimodal,
          CAST(floor(-ln(u1) * (4 + %3$f)) AS BIGINT) AS "we""ird count",
          CASE WHEN u2 < 0.05 THEN NULL
               ELSE 'cat_' || CAST(floor(pow(u1, 4 - %3$f) * 3000) AS INT) END AS category,
          'id-' || CAST(floor(u2 * 150000) AS INT) AS user_id,
          u1 < 0.3 + 0.1 * %3$f AS flag,
          TIMESTAMP '2024-01-01' + to_microseconds(CAST(u3 * 30 * 86400e6 AS BIGINT)) AS ts
        FROM u
        """, table, ROWS, drift));
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  @Test
  void exactStatisticsMatchSql() throws SQLException {
    List<ColumnProfile> profiles = Profiler.profile(db, "reference", COLUMNS);

    assertThat(profiles).extracting(ColumnProfile::column)
        .containsExactlyElementsOf(COLUMNS.stream().map(ProfileColumn::name).toList());
    for (ColumnProfile p : profiles) {
      String q = Sql.ident(p.column());
      Object[] sql = row("SELECT count(*), count(" + q + "), count(DISTINCT " + q + "), "
          + switch (p.kind()) {
            case NUMERIC -> "CAST(min(" + q + ") AS DOUBLE), CAST(max(" + q + ") AS DOUBLE), avg("
                + q + ")";
            case TEMPORAL -> "CAST(epoch_us(min(" + q + ")) AS DOUBLE), "
                + "CAST(epoch_us(max(" + q + ")) AS DOUBLE), NULL";
            case STRING -> "min(" + q + "), max(" + q + "), NULL";
            case BOOLEAN -> "NULL, NULL, NULL";
          } + " FROM reference");
      assertThat(p.count()).as(p.column()).isEqualTo(ROWS).isEqualTo(sql[0]);
      assertThat(p.nonNull()).as(p.column()).isEqualTo(sql[1]);
      assertThat((double) p.distinct()).as(p.column())
          .isCloseTo(((Number) sql[2]).doubleValue(), within(0.05 * ((Number) sql[2]).doubleValue()));
      if (p.kind().isOrdered()) {
        assertThat(p.min()).as(p.column()).isEqualTo(sql[3]);
        assertThat(p.max()).as(p.column()).isEqualTo(sql[4]);
      }
      if (p.kind() == Kind.NUMERIC) {
        double mean = (Double) sql[5];
        assertThat(p.mean()).as(p.column()).isCloseTo(mean, within(1e-9 * Math.abs(mean)));
      } else {
        assertThat(p.mean()).as(p.column()).isNull();
      }
      if (p.kind() == Kind.STRING) {
        assertThat(p.minText()).as(p.column()).isEqualTo(sql[3]);
        assertThat(p.maxText()).as(p.column()).isEqualTo(sql[4]);
      } else {
        assertThat(p.minText()).isNull();
        assertThat(p.maxText()).isNull();
      }
    }
  }

  @Test
  void kllQuantilesAreWithinTheSketchRankError() throws SQLException {
    List<ColumnProfile> profiles = Profiler.profile(db, "reference", COLUMNS);

    for (ColumnProfile p : profiles) {
      if (!p.kind().isOrdered()) {
        assertThat(p.kllSketch()).isEmpty();
        continue;
      }
      KllDoublesSketch kll = p.kllSketch().orElseThrow();
      assertThat(kll.getN()).as(p.column()).isEqualTo(p.nonNull());
      assertQuantilesWithinRankError(p.column(), kll, values("reference", p));
    }
  }

  @Test
  void hllEstimatesDistinctWithinAFewPercent() throws SQLException {
    List<ColumnProfile> profiles = Profiler.profile(db, "reference", COLUMNS);

    for (ColumnProfile p : profiles) {
      long exact = ((Number) row("SELECT count(DISTINCT " + Sql.ident(p.column())
          + ") FROM reference")[0]).longValue();
      assertThat(p.hllSketch().getEstimate()).as(p.column())
          .isCloseTo(exact, within(0.05 * exact));
    }
  }

  @Test
  void frequentItemsCountHeavyHittersLikeSql() throws SQLException {
    List<ColumnProfile> profiles = Profiler.profile(db, "reference", COLUMNS);
    ItemsSketch<String> category = profile(profiles, "category").frequentItemsSketch().orElseThrow();
    ItemsSketch<String> flag = profile(profiles, "flag").frequentItemsSketch().orElseThrow();

    Map<String, Long> top = counts(
        "SELECT category, count(*) FROM reference WHERE category IS NOT NULL GROUP BY 1"
            + " ORDER BY 2 DESC LIMIT 10");
    List<String> reported = new ArrayList<>();
    for (ItemsSketch.Row<String> r : category.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
      reported.add(r.getItem());
    }
    assertThat(reported).containsAll(top.keySet());
    top.forEach((item, exact) -> {
      assertThat(category.getLowerBound(item)).as(item).isLessThanOrEqualTo(exact);
      assertThat(category.getUpperBound(item)).as(item).isGreaterThanOrEqualTo(exact);
      assertThat(category.getEstimate(item)).as(item)
          .isCloseTo(exact, within(category.getMaximumError()));
    });
    // A column with few values is counted exactly.
    counts("SELECT CAST(flag AS VARCHAR), count(*) FROM reference GROUP BY 1")
        .forEach((item, exact) -> assertThat(flag.getEstimate(item)).isEqualTo(exact));
    assertThat(flag.getMaximumError()).isZero();
  }

  @Test
  void mergedBatchesMatchTheProfileOfTheirUnion() throws SQLException {
    ProfileOptions options = ProfileOptions.defaults();
    List<ColumnProfile> whole = Profiler.profile(db, "reference", COLUMNS, options);
    List<ColumnProfile> merged = mergedBatches("reference", REFERENCE_BATCHES, options);

    for (int c = 0; c < COLUMNS.size(); c++) {
      ColumnProfile w = whole.get(c);
      ColumnProfile m = merged.get(c);
      assertThat(m.count()).isEqualTo(w.count());
      assertThat(m.nulls()).isEqualTo(w.nulls());
      assertThat(m.min()).isEqualTo(w.min());
      assertThat(m.max()).isEqualTo(w.max());
      assertThat(m.minText()).isEqualTo(w.minText());
      assertThat(m.maxText()).isEqualTo(w.maxText());
      if (w.mean() != null) {
        assertThat(m.mean()).isCloseTo(w.mean(), within(1e-9 * Math.abs(w.mean())));
      }
      assertThat((double) m.distinct()).as(m.column())
          .isCloseTo(w.distinct(), within(0.03 * w.distinct() + 1));
      if (m.kind().isOrdered()) {
        assertThat(m.kllSketch().orElseThrow().getN()).isEqualTo(m.nonNull());
        assertQuantilesWithinRankError(m.column(), m.kllSketch().orElseThrow(),
            values("reference", m));
      } else {
        ItemsSketch<String> items = m.frequentItemsSketch().orElseThrow();
        assertThat(items.getStreamLength()).isEqualTo(m.nonNull());
        counts("SELECT CAST(" + Sql.ident(m.column()) + " AS VARCHAR), count(*) FROM reference"
            + " GROUP BY 1 ORDER BY 2 DESC LIMIT 10").forEach((item, exact) -> {
              if (item != null) {
                assertThat(items.getLowerBound(item)).isLessThanOrEqualTo(exact);
                assertThat(items.getUpperBound(item)).isGreaterThanOrEqualTo(exact);
              }
            });
      }
    }
  }

  /**
   * The accuracy contract: drift computed from merged batch sketches stays within 0.02 (KS) and
   * 0.01 (PSI, JS) of the exact values on the raw rows, with and without sampling. With sampling
   * above 32768 rows the batches are weighted 1, 2 and 5 (reference) and 4 and 3 (current).
   * Categorical columns use JS over the categories the sketches report as frequent plus one bin
   * for the rest; user_id is left out, as near-unique ids are not a categorical feature.
   */
  @ParameterizedTest
  @ValueSource(longs = {1L << 19, 1L << 15})
  void driftFromMergedSketchesMatchesExactDrift(long sampleAbove) throws SQLException {
    ProfileOptions options = ProfileOptions.defaults().withSampleAbove(sampleAbove);
    List<ColumnProfile> reference = mergedBatches("reference", REFERENCE_BATCHES, options);
    List<ColumnProfile> current = mergedBatches("current", CURRENT_BATCHES, options);

    for (int c = 0; c < COLUMNS.size(); c++) {
      ColumnProfile r = reference.get(c);
      ColumnProfile q = current.get(c);
      // Sampled batches are weighted by the inverse rate, so each still counts as its rows.
      for (ColumnProfile p : List.of(r, q)) {
        long weight = p.kind().isOrdered() ? p.kllSketch().orElseThrow().getN()
            : p.frequentItemsSketch().orElseThrow().getStreamLength();
        assertThat((double) weight).as(p.column()).isCloseTo(p.nonNull(), within(0.02 * p.nonNull()));
      }
      if (r.kind().isOrdered()) {
        double[] rv = values("reference", r);
        double[] cv = values("current", q);
        KllDoublesSketch rk = r.kllSketch().orElseThrow();
        KllDoublesSketch ck = q.kllSketch().orElseThrow();
        double[] re = DriftMath.shares(rv, rv);
        double[] ce = DriftMath.shares(rv, cv);
        double[] rs = DriftMath.shares(rk, rk);
        double[] cs = DriftMath.shares(rk, ck);
        double ks = DriftMath.ks(rv, cv);
        double psi = DriftMath.psi(re, ce);
        double js = DriftMath.jensenShannon(re, ce);
        double ksSketch = DriftMath.ks(rk, ck);
        double psiSketch = DriftMath.psi(rs, cs);
        double jsSketch = DriftMath.jensenShannon(rs, cs);
        System.out.printf(Locale.ROOT, "sampleAbove=%d %-13s KS %.4f/%.4f PSI %.4f/%.4f"
            + " JS %.4f/%.4f (exact/sketch)%n", sampleAbove, r.column(), ks, ksSketch, psi,
            psiSketch, js, jsSketch);
        assertThat(ksSketch).as("KS " + r.column()).isCloseTo(ks, within(0.02));
        assertThat(psiSketch).as("PSI " + r.column()).isCloseTo(psi, within(0.01));
        assertThat(jsSketch).as("JS " + r.column()).isCloseTo(js, within(0.01));
      } else if (!r.column().equals("user_id")) {
        double js = categoricalExactJs(r, q);
        double jsSketch = categoricalSketchedJs(r, q);
        System.out.printf(Locale.ROOT, "sampleAbove=%d %-13s JS %.4f/%.4f (exact/sketch)%n",
            sampleAbove, r.column(), js, jsSketch);
        assertThat(jsSketch).as("JS " + r.column()).isCloseTo(js, within(0.01));
      }
    }
  }

  @Test
  void parallelismDoesNotChangeTheProfile() throws SQLException {
    ProfileOptions options = ProfileOptions.defaults();
    List<ColumnProfile> one = Profiler.profile(db, "reference", COLUMNS, options.withParallelism(1));
    List<ColumnProfile> three =
        Profiler.profile(db, "reference", COLUMNS, options.withParallelism(3));

    for (int c = 0; c < COLUMNS.size(); c++) {
      ColumnProfile a = one.get(c);
      ColumnProfile b = three.get(c);
      assertThat(b.count()).isEqualTo(a.count());
      assertThat(b.nulls()).isEqualTo(a.nulls());
      assertThat(b.min()).isEqualTo(a.min());
      assertThat(b.max()).isEqualTo(a.max());
      assertThat(b.mean()).isEqualTo(a.mean());
      // DuckDB returns groups in any order, and HLL's HIP estimate depends on the order.
      assertThat(b.hllSketch().getEstimate())
          .isCloseTo(a.hllSketch().getEstimate(), within(0.03 * a.distinct()));
    }
  }

  @Test
  void identifiersWithSpacesQuotesAndSqlAreQuoted() throws SQLException {
    String name = "a \"quoted\" name; DROP TABLE reference; --";
    exec("CREATE TABLE odd AS SELECT range AS " + Sql.ident(name) + " FROM range(10)");

    List<ColumnProfile> profiles = Profiler.profile(db, Sql.ident("odd"),
        List.of(new ProfileColumn(name, Kind.NUMERIC)));

    assertThat(profiles.get(0).column()).isEqualTo(name);
    assertThat(profiles.get(0).count()).isEqualTo(10);
    assertThat(profiles.get(0).max()).isEqualTo(9.0);
    assertThat(row("SELECT count(*) FROM reference")[0]).isEqualTo((long) ROWS);
  }

  @Test
  void stringBoundsFollowDuckDbCodePointOrder() throws SQLException {
    String values = "(VALUES ('a'), ('é'), ('z'), ('\uE000'), ('😀'), ('😀x'), (NULL)) t(s)";
    ProfileColumn s = new ProfileColumn("s", Kind.STRING);

    ColumnProfile p = Profiler.profile(db, values, List.of(s)).get(0);

    Object[] sql = row("SELECT min(s), max(s) FROM " + values);
    assertThat(p.minText()).isEqualTo(sql[0]).isEqualTo("a");
    assertThat(p.maxText()).isEqualTo(sql[1]).isEqualTo("😀x");
    assertThat(p.nulls()).isEqualTo(1);
  }

  @Test
  void emptyRelationsAndAllNullColumnsGiveEmptySketches() throws SQLException {
    String nullRows = "(SELECT CAST(NULL AS DOUBLE) AS x, CAST(NULL AS VARCHAR) AS s,"
        + " CAST(NULL AS TIMESTAMP) AS t FROM range(%d))";
    List<ProfileColumn> columns = List.of(new ProfileColumn("x", Kind.NUMERIC),
        new ProfileColumn("s", Kind.STRING), new ProfileColumn("t", Kind.TEMPORAL));

    List<ColumnProfile> nulls = Profiler.profile(db, nullRows.formatted(5), columns);
    List<ColumnProfile> empty = Profiler.profile(db, nullRows.formatted(0), columns);

    for (ColumnProfile p : nulls) {
      assertThat(p.count()).isEqualTo(5);
      assertThat(p.nulls()).isEqualTo(5);
      assertThat(p.distinct()).isZero();
      assertThat(p.min()).isNull();
      assertThat(p.mean()).isNull();
      assertThat(p.minText()).isNull();
      assertThat(p.hllSketch().isEmpty()).isTrue();
      p.kllSketch().ifPresent(k -> assertThat(k.isEmpty()).isTrue());
      p.frequentItemsSketch().ifPresent(i -> assertThat(i.isEmpty()).isTrue());
    }
    assertThat(empty).allSatisfy(p -> assertThat(p.count()).isZero());
    assertThat(ColumnProfile.merge(nulls.get(0), empty.get(0)).count()).isEqualTo(5);
  }

  @Test
  void sketchesSurviveASerializationRoundTrip() throws SQLException {
    for (ColumnProfile p : Profiler.profile(db, "reference", COLUMNS)) {
      // A small HLL is a hash set whose serialized order may change; its contents may not.
      HllSketch hll = p.hllSketch();
      HllSketch again = Sketches.hll(hll.toCompactByteArray());
      assertThat(again.getEstimate()).as(p.column()).isEqualTo(hll.getEstimate());
      assertThat(again.getLgConfigK()).isEqualTo(hll.getLgConfigK());
      assertThat(again.getUpperBound(2)).isEqualTo(hll.getUpperBound(2));
      p.kllSketch().ifPresent(k -> assertThat(k.toByteArray()).as(p.column()).isEqualTo(p.kll()));
      p.frequentItemsSketch().ifPresent(items -> {
        ItemsSketch<String> copy = Sketches.items(items.toByteArray(Sketches.STRINGS));
        assertThat(copy.getStreamLength()).isEqualTo(items.getStreamLength());
        for (ItemsSketch.Row<String> r : items.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
          assertThat(copy.getEstimate(r.getItem())).isEqualTo(r.getEstimate());
        }
      });
    }
  }

  private static List<ColumnProfile> mergedBatches(String table, int[][] batches,
      ProfileOptions options) throws SQLException {
    List<ColumnProfile> merged = null;
    for (int[] b : batches) {
      String relation = "(SELECT * FROM " + table + " WHERE i >= " + b[0] + " AND i < " + b[1] + ")";
      List<ColumnProfile> batch = Profiler.profile(db, relation, COLUMNS, options);
      if (merged == null) {
        merged = batch;
      } else {
        List<ColumnProfile> next = new ArrayList<>();
        for (int c = 0; c < batch.size(); c++) {
          next.add(ColumnProfile.merge(merged.get(c), batch.get(c)));
        }
        merged = next;
      }
    }
    return merged;
  }

  /** Every sketch quantile has a true rank within the sketch's own normalized rank error. */
  private static void assertQuantilesWithinRankError(String column, KllDoublesSketch kll,
      double[] sorted) {
    double eps = kll.getNormalizedRankError(false);
    for (int k = 1; k < 100; k++) {
      double rank = k / 100.0;
      double q = kll.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
      double below = (double) lowerBound(sorted, q) / sorted.length;
      double atOrBelow = (double) DriftMath.upperBound(sorted, q) / sorted.length;
      assertThat(rank).as(column + " rank of quantile " + rank)
          .isBetween(below - eps, atOrBelow + eps);
    }
  }

  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The categories a profile-based scan can compare: those the frequent-items sketch of either side
   * reports without false positives. Everything else is pooled into one "other" bin.
   */
  private static List<String> frequentCategories(ColumnProfile reference, ColumnProfile current) {
    TreeSet<String> categories = new TreeSet<>();
    for (ColumnProfile p : List.of(reference, current)) {
      for (ItemsSketch.Row<String> row : p.frequentItemsSketch().orElseThrow()
          .getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
        categories.add(row.getItem());
      }
    }
    return List.copyOf(categories);
  }

  /** JS over the frequent categories plus "other", on exact counts of the raw rows. */
  private static double categoricalExactJs(ColumnProfile reference, ColumnProfile current)
      throws SQLException {
    List<String> categories = frequentCategories(reference, current);
    String v = "CAST(" + Sql.ident(reference.column()) + " AS VARCHAR)";
    String counts = "SELECT " + v + ", count(*) FROM %s WHERE " + v + " IS NOT NULL GROUP BY 1";
    return DriftMath.jensenShannon(
        DriftMath.shares(categories, withTotal(counts(counts.formatted("reference")))),
        DriftMath.shares(categories, withTotal(counts(counts.formatted("current")))));
  }

  /** The same JS from the merged sketches' estimates. */
  private static double categoricalSketchedJs(ColumnProfile reference, ColumnProfile current) {
    List<String> categories = frequentCategories(reference, current);
    return DriftMath.jensenShannon(
        DriftMath.shares(categories, estimates(reference)),
        DriftMath.shares(categories, estimates(current)));
  }

  private static Map<String, Long> estimates(ColumnProfile p) {
    ItemsSketch<String> items = p.frequentItemsSketch().orElseThrow();
    Map<String, Long> m = new HashMap<>();
    for (ItemsSketch.Row<String> row : items.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
      m.put(row.getItem(), row.getEstimate());
    }
    m.put(DriftMath.TOTAL, items.getStreamLength());
    return m;
  }

  private static double[] values(String table, ColumnProfile p) throws SQLException {
    String v = p.kind() == Kind.TEMPORAL ? "epoch_us(" + Sql.ident(p.column()) + ")"
        : "CAST(" + Sql.ident(p.column()) + " AS DOUBLE)";
    List<Double> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + v + " FROM " + table + " WHERE " + v
            + " IS NOT NULL ORDER BY 1")) {
      while (rs.next()) {
        out.add(rs.getDouble(1));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Value to count, in the query's order. */
  private static Map<String, Long> counts(String sql) throws SQLException {
    Map<String, Long> m = new LinkedHashMap<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        m.put(rs.getString(1), rs.getLong(2));
      }
    }
    return m;
  }

  private static Map<String, Long> withTotal(Map<String, Long> counts) {
    counts.put(DriftMath.TOTAL, counts.values().stream().mapToLong(Long::longValue).sum());
    return counts;
  }

  private static ColumnProfile profile(List<ColumnProfile> profiles, String column) {
    return profiles.stream().filter(p -> p.column().equals(column)).findFirst().orElseThrow();
  }

  private static Object[] row(String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      Object[] out = new Object[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = rs.getObject(i + 1);
      }
      return out;
    }
  }

  private static void exec(String sql) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(sql);
    }
  }
}
