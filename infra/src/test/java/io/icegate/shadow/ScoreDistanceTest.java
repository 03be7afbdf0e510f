package io.icegate.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.shadow.ShadowPolicy.Task;
import java.io.IOException;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** PSI and Jensen-Shannon from bin counts against numpy/scipy (expected.json), and policy checks. */
class ScoreDistanceTest {

  @Test
  void distancesMatchNumpyAndScipyIncludingBothFloorBranches() throws IOException {
    JsonNode distances = ShadowFixture.expected().get("distances");
    assertThat(distances).hasSizeGreaterThanOrEqualTo(4);
    for (JsonNode d : distances) {
      long[] b = counts(d.get("baseline_counts"));
      long[] v = counts(d.get("variant_counts"));
      assertThat(ScoreDistance.psi(b, v)).as("psi %s", d).isCloseTo(d.get("psi").asDouble(), within(1e-12));
      assertThat(ScoreDistance.js(b, v)).as("js %s", d).isCloseTo(d.get("js").asDouble(), within(1e-12));
    }
  }

  @Test
  void jensenShannonIsBoundedBySqrtLn2AndSymmetric() {
    long[] a = {5, 0};
    long[] b = {0, 7};
    assertThat(ScoreDistance.js(a, b)).isCloseTo(Math.sqrt(Math.log(2)), within(1e-15));
    long[] c = {3, 9, 1};
    long[] d = {4, 2, 8};
    assertThat(ScoreDistance.js(c, d)).isEqualTo(ScoreDistance.js(d, c));
    assertThat(ScoreDistance.psi(c, d)).isCloseTo(ScoreDistance.psi(d, c), within(1e-15));
  }

  @Test
  void refusesMismatchedOrEmptyCounts() {
    assertThatThrownBy(() -> ScoreDistance.psi(new long[] {1, 2}, new long[] {1, 2, 3}))
        .hasMessage("bin counts differ in length: 2 vs 3");
    assertThatThrownBy(() -> ScoreDistance.js(new long[] {0, 0}, new long[] {1, 2}))
        .hasMessage("no values to bin");
  }

  @Test
  void policyRefusesImpossibleLimits() {
    assertThatThrownBy(() -> new ShadowPolicy(Task.CLASSIFICATION, 0, null, null, null, null, 1, 0))
        .hasMessage("shadow policy: minRequests must be at least 1, got 0");
    assertThatThrownBy(() -> new ShadowPolicy(Task.CLASSIFICATION, 1, 1.5, null, null, null, 1, 0))
        .hasMessage("shadow policy: minAgreement must be within [0, 1], got 1.5");
    assertThatThrownBy(() -> new ShadowPolicy(Task.CLASSIFICATION, 1, null, -0.1, null, null, 1, 0))
        .hasMessage("shadow policy: maxPsi must be a finite number >= 0, got -0.1");
    assertThatThrownBy(() -> new ShadowPolicy(Task.REGRESSION, 1, null, null, null, null, 1, Double.NaN))
        .hasMessage("shadow policy: tolerance must be a finite number >= 0, got NaN");
    assertThatThrownBy(() -> new ShadowPolicy(null, 1, null, null, null, null, 1, 0))
        .hasMessage("shadow policy: task is required (classification or regression)");
    assertThat(ShadowPolicy.defaults(Task.CLASSIFICATION).maxPsi()).isEqualTo(0.2);
  }

  private static long[] counts(JsonNode n) {
    return StreamSupport.stream(n.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
  }
}
