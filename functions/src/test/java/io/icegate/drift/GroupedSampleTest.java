package io.icegate.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Distinct values with counts, as exact mode reads them from a {@code GROUP BY}, give the very
 * same results as the raw values: every method, every statistic and p-value, every bin, to the
 * last bit. Grouping happens in any order, with -0.0 and 0.0 as separate groups, NaN and
 * infinities as groups of their own, so the merging and dropping are exercised too.
 */
class GroupedSampleTest {

  /** Rounded normals: many ties, yet over 20 distinct values (sturges bins) on the big samples. */
  private static double[] rounded(int n, double mean, double sd, double step, long seed) {
    Random random = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.round((mean + sd * random.nextGaussian()) / step) * step;
      if (i % 97 == 0) {
        out[i] = i % 2 == 0 ? -0.0 : 0.0;
      }
      if (i % 101 == 0) {
        out[i] = i % 3 == 0 ? Double.NaN : Double.NEGATIVE_INFINITY;
      }
    }
    return out;
  }

  /** The raw values grouped by Java's Double equality (-0.0 apart from 0.0), in shuffled order. */
  private static Sample grouped(double[] raw, long seed) {
    Map<Double, Long> counts = new HashMap<>();
    for (double v : raw) {
      counts.merge(v, 1L, Long::sum);
    }
    List<Map.Entry<Double, Long>> entries = new ArrayList<>(counts.entrySet());
    Collections.shuffle(entries, new Random(seed));
    // a value split over two groups and an empty group, as a caller could hand them
    double[] values = new double[entries.size() + 2];
    long[] weights = new long[entries.size() + 2];
    for (int i = 0; i < entries.size(); i++) {
      values[i] = entries.get(i).getKey();
      weights[i] = entries.get(i).getValue();
    }
    int split = IntStream.range(0, entries.size()).filter(i -> weights[i] > 1 && Double.isFinite(values[i]))
        .findFirst().orElseThrow();
    weights[split]--;
    values[entries.size()] = values[split];
    weights[entries.size()] = 1;
    values[entries.size() + 1] = 12345.0;
    weights[entries.size() + 1] = 0;
    return Sample.numeric(values, weights);
  }

  private static void sameResults(double[] ref, double[] cur) {
    Sample rawRef = Sample.numeric(ref);
    Sample rawCur = Sample.numeric(cur);
    Sample groupedRef = grouped(ref, 1);
    Sample groupedCur = grouped(cur, 2);
    assertThat(groupedRef.count()).isEqualTo(rawRef.count());
    assertThat(groupedCur.count()).isEqualTo(rawCur.count());
    assertThat(Drift.defaultMethod(groupedRef, groupedCur)).isEqualTo(Drift.defaultMethod(rawRef, rawCur));
    for (Method m : Method.values()) {
      assertThat(Drift.test(groupedRef, groupedCur, m, null)).as(m.id())
          .isEqualTo(Drift.test(rawRef, rawCur, m, null));
    }
    Bins raw = Drift.bins(rawRef, rawCur);
    Bins grouped = Drift.bins(groupedRef, groupedCur);
    assertThat(grouped.edges()).isEqualTo(raw.edges());
    assertThat(grouped.labels()).isEqualTo(raw.labels());
    assertThat(grouped.reference()).isEqualTo(raw.reference());
    assertThat(grouped.current()).isEqualTo(raw.current());
  }

  @Test
  void groupedNumbersGiveTheRawResultsOnASmallReference() {
    // 800 reference values: KS with its exact p-value, chi-square and Z on tied values
    double[] ref = rounded(800, 10, 2, 0.5, 7);
    double[] cur = rounded(600, 10.6, 2, 0.5, 8);
    assertThat(Drift.defaultMethod(Sample.numeric(ref), Sample.numeric(cur))).isEqualTo(Method.KS);
    sameResults(ref, cur);
  }

  @Test
  void groupedNumbersGiveTheRawResultsOnALargeReference() {
    // Wasserstein, PSI and Jensen-Shannon over sturges bins, with three decimals as in the benchmark
    double[] ref = rounded(200_000, 5, 1.5, 0.001, 9);
    double[] cur = rounded(150_000, 5.3, 1.5, 0.001, 10);
    assertThat(Drift.defaultMethod(Sample.numeric(ref), Sample.numeric(cur))).isEqualTo(Method.WASSERSTEIN);
    sameResults(ref, cur);
    // few distinct values: bins by value
    sameResults(rounded(5000, 3, 1, 1, 11), rounded(4000, 3.2, 1, 1, 12));
  }

  @Test
  void groupedCategoriesGiveTheRawResults() {
    String[] ref = IntStream.range(0, 3000).mapToObj(i -> "c" + (i * 7 % 13)).toArray(String[]::new);
    String[] cur = IntStream.range(0, 900).mapToObj(i -> i % 5 == 0 ? null : "c" + (i % 11)).toArray(String[]::new);
    Map<String, Long> refCounts = new HashMap<>();
    Map<String, Long> curCounts = new HashMap<>();
    for (String v : ref) {
      refCounts.merge(v, 1L, Long::sum);
    }
    for (String v : cur) {
      if (v != null) {
        curCounts.merge(v, 1L, Long::sum);
      }
    }
    curCounts.put("unseen", 0L);
    for (Method m : List.of(Method.CHISQUARE, Method.Z, Method.JENSENSHANNON, Method.PSI)) {
      assertThat(Drift.test(Sample.categorical(refCounts), Sample.categorical(curCounts), m, null)).as(m.id())
          .isEqualTo(Drift.test(Sample.categorical(ref), Sample.categorical(cur), m, null));
    }
    assertThat(Drift.bins(Sample.categorical(refCounts), Sample.categorical(curCounts)).labels())
        .isEqualTo(Drift.bins(Sample.categorical(ref), Sample.categorical(cur)).labels());
  }

  @Test
  void countsMustMatchValuesAndNotBeNegative() {
    assertThatThrownBy(() -> Sample.numeric(new double[] {1, 2}, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 values but 1 counts");
    assertThatThrownBy(() -> Sample.numeric(new double[] {1}, new long[] {-1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Sample.categorical(Map.of("a", -1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
  }
}
