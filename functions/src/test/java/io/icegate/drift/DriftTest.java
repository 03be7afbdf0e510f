package io.icegate.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/** Evidently's default choice, overrides, dataset drift and the refusals users can meet. */
class DriftTest {

  @Test
  void defaultMethodFollowsEvidentlyByReferenceSizeTypeAndDistinctValues() {
    Sample six = Sample.numeric(1, 2, 3, 4, 5, 6);
    Sample five = Sample.numeric(1, 2, 3, 4, 5);
    assertThat(Drift.defaultMethod(six, six)).isEqualTo(Method.KS);
    assertThat(Drift.defaultMethod(five, five)).isEqualTo(Method.CHISQUARE);
    // distinct values of both samples together: 2 + a new one makes 3
    assertThat(Drift.defaultMethod(Sample.numeric(0, 1), Sample.numeric(0, 1))).isEqualTo(Method.Z);
    assertThat(Drift.defaultMethod(Sample.numeric(0, 1), Sample.numeric(2))).isEqualTo(Method.CHISQUARE);
    assertThat(Drift.defaultMethod(Sample.categorical("a", "b"), Sample.categorical("b")))
        .isEqualTo(Method.Z);
    assertThat(Drift.defaultMethod(Sample.categorical("a", "b"), Sample.categorical("c")))
        .isEqualTo(Method.CHISQUARE);

    Sample big = Sample.numeric(IntStream.range(0, 1001).mapToDouble(i -> i % 7).toArray());
    Sample bigFew = Sample.numeric(IntStream.range(0, 1001).mapToDouble(i -> i % 5).toArray());
    Sample atLimit = Sample.numeric(IntStream.range(0, 1000).mapToDouble(i -> i % 7).toArray());
    assertThat(Drift.defaultMethod(big, six)).isEqualTo(Method.WASSERSTEIN);
    assertThat(Drift.defaultMethod(bigFew, five)).isEqualTo(Method.WASSERSTEIN); // 0..5 together
    assertThat(Drift.defaultMethod(bigFew, Sample.numeric(0, 1))).isEqualTo(Method.JENSENSHANNON);
    assertThat(Drift.defaultMethod(atLimit, six)).isEqualTo(Method.KS);
    String[] labels = IntStream.range(0, 1001).mapToObj(i -> i % 2 == 0 ? "x" : "y")
        .toArray(String[]::new);
    assertThat(Drift.defaultMethod(Sample.categorical(labels), Sample.categorical("x")))
        .isEqualTo(Method.JENSENSHANNON);
  }

  @Test
  void sketchesChooseByTheirExactCountsAndHllDistinctValues() {
    Sample ref = sketch(DoubleStream.iterate(0, x -> x + 1).limit(5000).toArray());
    Sample cur = sketch(DoubleStream.iterate(0.5, x -> x + 1).limit(800).toArray());
    assertThat(Drift.defaultMethod(ref, cur)).isEqualTo(Method.WASSERSTEIN);
    Sample smallRef = sketch(DoubleStream.iterate(0, x -> x + 1).limit(900).toArray());
    assertThat(Drift.defaultMethod(smallRef, cur)).isEqualTo(Method.KS);
    Sample binary = sketch(IntStream.range(0, 900).mapToDouble(i -> i % 2).toArray());
    assertThat(Drift.defaultMethod(binary, binary)).isEqualTo(Method.Z);
    assertThat(Drift.test(binary, binary).score()).isEqualTo(1.0 - 0.0, within(1e-12));
  }

  @Test
  void overridesReplaceMethodAndThresholdAndKeepEachMethodsDirection() {
    Sample ref = Sample.numeric(IntStream.range(0, 300).mapToDouble(i -> i / 100.0).toArray());
    Sample cur = Sample.numeric(IntStream.range(100, 400).mapToDouble(i -> i / 100.0).toArray());

    DriftResult byDefault = Drift.test(ref, cur);
    DriftResult strict = Drift.test(ref, cur, Method.KS, 0.0);
    DriftResult psi = Drift.test(ref, cur, Method.PSI, 0.2);

    assertThat(byDefault.method()).isEqualTo(Method.KS);
    assertThat(byDefault.threshold()).isEqualTo(0.05);
    assertThat(byDefault.drifted()).isTrue();
    assertThat(byDefault.statistic()).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(strict.drifted()).isFalse();
    assertThat(psi.threshold()).isEqualTo(0.2);
    assertThat(psi.drifted()).isEqualTo(psi.score() >= 0.2);
    assertThat(Method.KS.drifted(0.05, 0.05)).isTrue();
    assertThat(Method.CHISQUARE.drifted(0.05, 0.05)).isFalse();
    assertThat(Method.Z.drifted(Double.NaN, 0.05)).isFalse();
    assertThat(Method.JENSENSHANNON.drifted(0.1, 0.1)).isTrue();
    assertThat(Method.of("JensenShannon")).isEqualTo(Method.JENSENSHANNON);
  }

  @Test
  void wassersteinOfAConstantReferenceDividesByAThousandth() {
    DriftResult w = Drift.test(Sample.numeric(5, 5, 5), Sample.numeric(5, 5.001), Method.WASSERSTEIN,
        null);
    assertThat(w.score()).isCloseTo(0.0005 / 0.001, within(1e-9));
    assertThat(w.drifted()).isTrue();
  }

  @Test
  void nullsNanAndInfinitiesAreNotValues() {
    Sample numbers = Sample.numeric(1, Double.NaN, 2, Double.POSITIVE_INFINITY, -0.0, 0.0);
    Sample labels = Sample.categorical("a", null, "b");
    assertThat(numbers.count()).isEqualTo(4);
    assertThat(Drift.distinctTogether(numbers, Sample.numeric(0))).isEqualTo(3);
    assertThat(labels.count()).isEqualTo(2);
    assertThat(numbers.exact()).isTrue();
  }

  @Test
  void datasetDriftsWhenAtLeastHalfItsColumnsDrift() {
    DriftResult yes = new DriftResult(Method.PSI, 0.3, 0.3, 0.1, true);
    DriftResult no = new DriftResult(Method.KS, 0.5, 0.1, 0.05, false);

    assertThat(DatasetDrift.of(List.of(yes, no))).isEqualTo(new DatasetDrift(2, 1, 0.5, 0.5, true));
    assertThat(DatasetDrift.of(List.of(yes, no, no)).drifted()).isFalse();
    assertThat(DatasetDrift.of(List.of(yes, no, no), 0.3).drifted()).isTrue();
    assertThatThrownBy(() -> DatasetDrift.of(List.of()))
        .hasMessage("dataset drift needs at least one column result");
    assertThatThrownBy(() -> DatasetDrift.of(List.of(yes), 0))
        .hasMessage("driftShare must be in (0, 1], got 0.0");
  }

  @Test
  void psiBandsAtOneAndTwoTenths() {
    assertThat(PsiBand.of(0.0999)).isEqualTo(PsiBand.STABLE);
    assertThat(PsiBand.of(0.1)).isEqualTo(PsiBand.MODERATE);
    assertThat(PsiBand.of(0.2)).isEqualTo(PsiBand.SIGNIFICANT);
  }

  @Test
  void refusesWhatCannotBeCompared() {
    Sample n = Sample.numeric(1, 2, 3);
    Sample c = Sample.categorical("a");
    assertThatThrownBy(() -> Drift.test(n, c)).hasMessage("reference is numerical but current is categorical");
    assertThatThrownBy(() -> Drift.test(c, c, Method.KS, null))
        .hasMessage("drift method ks needs a numerical column, not a categorical one");
    assertThatThrownBy(() -> Drift.test(n, sketch(1, 2, 3)))
        .hasMessage("reference and current must both be raw values or both be sketches");
    assertThatThrownBy(() -> Drift.test(Sample.numeric(Double.NaN), n))
        .hasMessage("the reference sample has no values");
    assertThatThrownBy(() -> Drift.test(n, n, Method.KS, 1.5))
        .hasMessage("threshold for ks must be within [0, 1], got 1.5");
    assertThatThrownBy(() -> Drift.test(n, n, Method.PSI, -1.0))
        .hasMessage("threshold for psi must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> Method.of("kl_div"))
        .hasMessage("unknown drift method 'kl_div'; known: ks, chisquare, z, wasserstein,"
            + " jensenshannon, psi");
    KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(800);
    kll.update(1);
    assertThatThrownBy(() -> Sample.numeric(kll, new HllSketch(12), 0))
        .hasMessage("the KLL sketch has 1 values but the count is 0");
  }

  @Test
  void binDistanceSharesTheShadowComparisonsArithmetic() {
    double[] a = {5, 0};
    double[] b = {0, 7};
    assertThat(BinDistance.jensenShannon(a, b)).isCloseTo(Math.sqrt(Math.log(2)), within(1e-15));
    // a side whose smallest share is <= 0.0001 floors its empty bins at that share / 1e6
    double[] r = {5e-5, 0.99995, 5e-11};
    double third = 1.0 / 3;
    double expected = 0;
    for (double share : r) {
      expected += (share - third) * Math.log(share / third);
    }
    assertThat(BinDistance.psi(new double[] {1, 19999, 0}, new double[] {1, 1, 1}))
        .isCloseTo(expected, within(1e-12));
    // otherwise at 0.0001
    assertThat(BinDistance.psi(new double[] {0, 5}, new double[] {1, 1}))
        .isCloseTo((1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2), within(1e-12));
    assertThatThrownBy(() -> BinDistance.psi(new double[] {1}, new double[] {1, 2}))
        .hasMessage("bin counts differ in length: 1 vs 2");
  }

  private static Sample sketch(double... values) {
    KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(800);
    HllSketch hll = new HllSketch(12);
    for (double v : values) {
      kll.update(v);
      hll.update(v);
    }
    return Sample.numeric(kll, hll, values.length);
  }
}
