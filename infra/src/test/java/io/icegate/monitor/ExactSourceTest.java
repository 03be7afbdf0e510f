package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.drift.Bins;
import io.icegate.drift.Drift;
import io.icegate.drift.Method;
import io.icegate.drift.Sample;
import io.icegate.engine.DuckEngine;
import io.icegate.profile.ColumnProfile.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact mode's one grouped query per side returns the same samples as reading each column's raw
 * values: on a Parquet file DuckDB wrote with nulls, NaN, -0.0, ties, text, booleans, dates and
 * timestamps, over the whole file and over a window with a filter.
 */
class ExactSourceTest {

  @TempDir
  Path dir;

  @Test
  void groupedSamplesEqualRawValuesColumnByColumn() throws Exception {
    Path file = dir.resolve("rows.parquet");
    DuckEngine engine = DuckEngine.defaults(dir.resolve("tmp"));
    try (Connection c = engine.open(); Statement s = c.createStatement()) {
      // 30,000 rows, one per minute from 2026-11-20: "tied" has 41 values, "smooth" none repeated
      s.execute("""
          COPY (SELECT TIMESTAMP '2026-11-20' + to_minutes(i) AS ts,
            CASE WHEN i % 17 = 0 THEN NULL WHEN i % 29 = 0 THEN 'nan'::DOUBLE
                 WHEN i % 31 = 0 THEN -0.0::DOUBLE ELSE round(sin(i) * 20)::DOUBLE END AS tied,
            CASE WHEN i % 13 = 0 THEN NULL ELSE i * 0.001 + sin(i) END AS smooth,
            CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 7)::INTEGER END AS \"odd \"\"name\"\"\",
            CASE WHEN i % 5 = 0 THEN NULL ELSE chr((97 + (i * i) % 9)::INTEGER) END AS segment,
            i % 3 = 0 AS flag,
            DATE '2026-01-01' + (i % 400)::INTEGER AS day,
            CASE WHEN i % 2 = 0 THEN 'eu' ELSE 'us' END AS region
          FROM range(30000) t(i)) TO 'FILE' (FORMAT PARQUET)""".replace("FILE", file.toString()));
      Map<String, Kind> kinds = new LinkedHashMap<>();
      kinds.put("tied", Kind.NUMERIC);
      kinds.put("smooth", Kind.NUMERIC);
      kinds.put("odd \"name\"", Kind.NUMERIC);
      kinds.put("segment", Kind.STRING);
      kinds.put("flag", Kind.BOOLEAN);
      kinds.put("day", Kind.TEMPORAL);
      kinds.put("ts", Kind.TEMPORAL);
      ExactSource source = new ExactSource(c);
      ExactSource.Rows all = ExactSource.Rows.all(List.of(file.toString()));
      ExactSource.Rows window = new ExactSource.Rows(List.of(file.toString()), "ts",
          Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-05T00:00:00Z"), Map.of("region", "eu"));
      // both ways of reading numbers are compared below: grouped where values repeat, raw where not
      assertThat(source.repeats(all, List.of("tied", "smooth", "odd \"name\"", "ts"), kinds))
          .containsExactlyInAnyOrderEntriesOf(Map.of("tied", true, "smooth", false, "odd \"name\"", true, "ts", false));
      Map<String, Sample> reference = source.samples(all, kinds);
      Map<String, Sample> current = source.samples(window, kinds);
      assertThat(reference.keySet()).containsExactlyElementsOf(kinds.keySet());
      assertThat(current.get("ts").count()).isEqualTo(5 * 1440 / 2);
      for (String col : kinds.keySet()) {
        Sample rawRef = source.sample(all, col, kinds.get(col));
        Sample rawCur = source.sample(window, col, kinds.get(col));
        assertThat(reference.get(col).count()).as(col).isEqualTo(rawRef.count());
        assertThat(current.get(col).count()).as(col).isEqualTo(rawCur.count());
        List<Method> methods = kinds.get(col).isOrdered() ? List.of(Method.values())
            : List.of(Method.CHISQUARE, Method.Z, Method.JENSENSHANNON, Method.PSI);
        for (Method m : methods) {
          assertThat(Drift.test(reference.get(col), current.get(col), m, null)).as(col + " " + m.id())
              .isEqualTo(Drift.test(rawRef, rawCur, m, null));
        }
        Bins grouped = Drift.bins(reference.get(col), current.get(col));
        Bins raw = Drift.bins(rawRef, rawCur);
        assertThat(grouped.labels()).as(col).isEqualTo(raw.labels());
        assertThat(grouped.edges()).as(col).isEqualTo(raw.edges());
        assertThat(grouped.reference()).as(col).isEqualTo(raw.reference());
        assertThat(grouped.current()).as(col).isEqualTo(raw.current());
      }
      // NaN and nulls are no values: 30,000 rows less 1,765 nulls and the NaN rows not also null
      assertThat(reference.get("tied").count()).isLessThan(30_000 - 1765);
    }
  }
}
