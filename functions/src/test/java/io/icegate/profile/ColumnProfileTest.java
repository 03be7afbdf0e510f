package io.icegate.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.icegate.profile.ColumnProfile.Kind;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;

/** Profiles built by hand from known values, so every merged figure has an exact expectation. */
class ColumnProfileTest {

  @Test
  void mergeAddsCountsWidensBoundsWeighsTheMeanAndMergesSketches() {
    ColumnProfile a = numeric("x", 1, 1.0);
    ColumnProfile b = numeric("x", 0, 2.0, 4.0, 6.0);

    ColumnProfile m = ColumnProfile.merge(a, b);

    assertThat(m.count()).isEqualTo(5);
    assertThat(m.nulls()).isEqualTo(1);
    assertThat(m.nonNull()).isEqualTo(4);
    assertThat(m.min()).isEqualTo(1.0);
    assertThat(m.max()).isEqualTo(6.0);
    assertThat(m.mean()).isCloseTo(13.0 / 4, within(1e-15));
    assertThat(m.distinct()).isEqualTo(4);
    KllDoublesSketch kll = m.kllSketch().orElseThrow();
    assertThat(kll.getN()).isEqualTo(4);
    assertThat(kll.getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE)).isEqualTo(2.0);
    assertThat(m.frequentItemsSketch()).isEmpty();
  }

  @Test
  void mergeKeepsTheSideThatHasValues() {
    ColumnProfile empty = numeric("x", 3);
    ColumnProfile some = numeric("x", 0, -1.5, 2.5);

    ColumnProfile m = ColumnProfile.merge(empty, some);

    assertThat(empty.min()).isNull();
    assertThat(empty.mean()).isNull();
    assertThat(m.min()).isEqualTo(-1.5);
    assertThat(m.max()).isEqualTo(2.5);
    assertThat(m.mean()).isEqualTo(0.5);
    ColumnProfile reversed = ColumnProfile.merge(some, empty);
    assertThat(reversed.min()).isEqualTo(m.min());
    assertThat(reversed.max()).isEqualTo(m.max());
    assertThat(reversed.mean()).isEqualTo(m.mean());
  }

  @Test
  void mergeOfStringsOrdersByCodePointAndAddsItemCounts() {
    ColumnProfile a = strings("s", "\uE000", "b", "b");
    ColumnProfile b = strings("s", "😀", "a", "b");

    ColumnProfile m = ColumnProfile.merge(a, b);

    // UTF-16 order would put U+E000 above the emoji; DuckDB (UTF-8 bytes) puts it below.
    assertThat(m.minText()).isEqualTo("a");
    assertThat(m.maxText()).isEqualTo("😀");
    ItemsSketch<String> items = m.frequentItemsSketch().orElseThrow();
    assertThat(items.getEstimate("b")).isEqualTo(3);
    assertThat(items.getStreamLength()).isEqualTo(6);
    assertThat(m.distinct()).isEqualTo(4);
    assertThat(m.kllSketch()).isEmpty();
    assertThat(m.mean()).isNull();
  }

  @Test
  void codePointOrderMatchesUtf8ByteOrder() {
    List<String> sorted = List.of("", "a", "ab", "b", "é", "\uD7FF", "\uE000", "\uFFFF", "😀",
        "😀a", "😁");
    for (String x : sorted) {
      for (String y : sorted) {
        int expected = Arrays.compareUnsigned(utf8(x), utf8(y));
        assertThat(Integer.signum(TextRange.compare(x, y))).as(x + " vs " + y)
            .isEqualTo(Integer.signum(expected));
      }
    }
    TextRange range = new TextRange();
    for (int i = sorted.size() - 1; i >= 0; i--) {
      range.add(sorted.get(i));
    }
    assertThat(range.min()).isEmpty();
    assertThat(range.max()).isEqualTo("😁");
  }

  @Test
  void mergeOfManyEqualsThePairwiseFold() {
    List<ColumnProfile> numbers = List.of(numeric("x", 1, 1.0, 2.5), numeric("x", 2),
        numeric("x", 0, -4.0, 2.5, 9.0), numeric("x", 3, 0.5));
    List<ColumnProfile> texts = List.of(strings("s", "b", "a"), strings("s", "😀", "b"), strings("s", "c"));
    for (List<ColumnProfile> profiles : List.of(numbers, texts)) {
      ColumnProfile fold = profiles.get(0);
      for (ColumnProfile p : profiles.subList(1, profiles.size())) {
        fold = ColumnProfile.merge(fold, p);
      }
      assertThat(ColumnProfile.merge(profiles)).isEqualTo(fold);
    }
    assertThat(ColumnProfile.merge(List.of(numbers.get(0)))).isEqualTo(numbers.get(0));
    assertThatThrownBy(() -> ColumnProfile.merge(List.of(numbers.get(0), texts.get(0))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ColumnProfile.merge(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mergeRefusesDifferentColumnsOrKinds() {
    assertThatThrownBy(() -> ColumnProfile.merge(numeric("x", 0, 1), numeric("y", 0, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ColumnProfile.merge(numeric("x", 0, 1), strings("x", "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorRefusesProfilesThatCannotMerge() {
    ColumnProfile n = numeric("x", 0, 1);
    byte[] items = strings("s", "a").frequentItems();
    assertThatThrownBy(() -> new ColumnProfile("x", Kind.NUMERIC, 1, 2, 0, null, null, null, null,
        null, n.kll(), n.hll(), null)).hasMessageContaining("nulls <= count");
    assertThatThrownBy(() -> new ColumnProfile("x", Kind.NUMERIC, 1, 0, 1, 1.0, 1.0, null, null,
        1.0, null, n.hll(), null)).hasMessageContaining("KLL");
    assertThatThrownBy(() -> new ColumnProfile("x", Kind.TEMPORAL, 1, 0, 1, 1.0, 1.0, null, null,
        null, n.kll(), n.hll(), items)).hasMessageContaining("frequent items");
    assertThatThrownBy(() -> new ColumnProfile("s", Kind.BOOLEAN, 1, 0, 1, null, null, null, null,
        null, null, n.hll(), null)).hasMessageContaining("frequent items");
    assertThatThrownBy(() -> new ColumnProfile("s", Kind.STRING, 1, 0, 1, null, null, "a", "a",
        null, null, null, items)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void byteArraysAreCopiedAndComparedByContent() {
    ColumnProfile p = numeric("x", 0, 1, 2);
    byte[] kll = p.kll();
    ColumnProfile copy = new ColumnProfile(p.column(), p.kind(), p.count(), p.nulls(),
        p.distinct(), p.min(), p.max(), null, null, p.mean(), kll, p.hll(), null);

    kll[kll.length - 1] ^= 1;
    p.hll()[0] ^= 1;

    assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(copy.kll()).isEqualTo(p.kll()).isNotEqualTo(kll);
    assertThat(copy).isNotEqualTo(numeric("x", 0, 1, 3));
    assertThat(p.toString()).contains("sketchBytes=").doesNotContain("[B@");
  }

  @Test
  void jsonRoundTripKeepsEveryField() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (ColumnProfile p : List.of(numeric("n", 2, 1.5, -3), strings("s", "a", "😀"),
        ColumnProfile.merge(numeric("n", 0, 7), numeric("n", 1)))) {
      ColumnProfile back = mapper.readValue(mapper.writeValueAsString(p), ColumnProfile.class);
      assertThat(back).isEqualTo(p).hasSameHashCodeAs(p);
    }
  }

  @Test
  void scalingASampleSketchMultipliesItsWeight() {
    KllDoublesSketch sample = KllDoublesSketch.newHeapInstance(200);
    for (int i = 1; i <= 1000; i++) {
      sample.update(i);
    }

    KllDoublesSketch scaled = Sketches.scaled(sample, 7);

    assertThat(scaled.getN()).isEqualTo(7000);
    assertThat(scaled.getMinItem()).isEqualTo(1);
    assertThat(scaled.getMaxItem()).isEqualTo(1000);
    for (double rank : new double[] {0.1, 0.5, 0.9}) {
      assertThat(scaled.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE))
          .isCloseTo(1000 * rank, within(1000 * 2 * sample.getNormalizedRankError(false)));
    }
    assertThat(Sketches.scaled(sample, 1)).isSameAs(sample);
  }

  /** A NUMERIC profile of {@code values} plus {@code nulls} null rows. */
  private static ColumnProfile numeric(String column, int nulls, double... values) {
    KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(200);
    HllSketch hll = new HllSketch(12);
    for (double v : values) {
      kll.update(v);
      hll.update(v);
    }
    boolean any = values.length > 0;
    return new ColumnProfile(column, Kind.NUMERIC, values.length + nulls, nulls,
        Math.round(hll.getEstimate()),
        any ? Arrays.stream(values).min().getAsDouble() : null,
        any ? Arrays.stream(values).max().getAsDouble() : null,
        null, null,
        any ? Arrays.stream(values).average().getAsDouble() : null,
        kll.toByteArray(), hll.toCompactByteArray(), null);
  }

  private static ColumnProfile strings(String column, String... values) {
    ItemsSketch<String> items = new ItemsSketch<>(64);
    HllSketch hll = new HllSketch(12);
    TextRange range = new TextRange();
    for (String v : values) {
      items.update(v);
      hll.update(v);
      range.add(v);
    }
    return new ColumnProfile(column, Kind.STRING, values.length, 0, Math.round(hll.getEstimate()),
        null, null, range.min(), range.max(), null, null, hll.toCompactByteArray(),
        items.toByteArray(Sketches.STRINGS));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
