package io.icegate.shadow;

import io.icegate.table.SnapshotFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.alwaysTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.shadow.RuleResult.Outcome;
import io.icegate.shadow.ShadowPolicy.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shadow and canary comparisons on an inference log ingested by the real ingest function into real
 * Iceberg tables, read back through DuckDB; the figures are checked against numpy and scipy
 * (expected.json, written by generate_fixture.py beside the data).
 */
class ShadowComparisonTest {
  private static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant DAY3 = Instant.parse("2026-03-03T00:00:00Z");
  /** Counts requests only: every other limit is unset, so figures can be checked on their own. */
  private static final ShadowPolicy COUNT_ONLY = new ShadowPolicy(Task.CLASSIFICATION, 1, null, null, null, null, 1, 0);

  @TempDir static Path dir;
  private static ShadowFixture f;

  @BeforeAll
  static void ingest() throws IOException {
    f = new ShadowFixture(dir).withAllData();
  }

  @AfterAll
  static void close() throws IOException {
    f.close();
  }

  static Stream<JsonNode> cases() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    ShadowFixture.expected().get("cases").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void figuresMatchNumpyAndScipy(JsonNode c) {
    Task task = Task.valueOf(c.get("task").asText().toUpperCase());
    ShadowPolicy policy = new ShadowPolicy(task, 1, null, null, null, null, 1, c.get("tolerance").asDouble());
    ShadowResult r = f.shadow.compare(c.get("model").asText(), c.get("variant").asText(), c.get("baseline").asText(),
        Instant.parse(c.get("from").asText()), Instant.parse(c.get("to").asText()), policy, "ci");
    JsonNode e = c.get("expected");
    ShadowFigures got = r.figures();

    assertThat(r.mode().json()).isEqualTo(e.get("mode").asText());
    assertThat(got.baselineRequests()).isEqualTo(e.get("baseline_requests").asLong());
    assertThat(got.variantRequests()).isEqualTo(e.get("variant_requests").asLong());
    assertThat(got.pairedRequests()).isEqualTo(e.get("paired_requests").asLong());
    assertThat(r.baselineVersion()).isEqualTo(longOrNull(e.get("baseline_version")));
    assertThat(r.variantVersion()).isEqualTo(longOrNull(e.get("variant_version")));
    assertThat(got.agreement()).isEqualTo(doubleOrNull(e.get("agreement")));
    assertThat(got.bins()).isEqualTo(e.get("bins").asInt());
    assertThat(got.psi()).isCloseTo(e.get("psi").asDouble(), within(1e-12));
    assertThat(got.js()).isCloseTo(e.get("js").asDouble(), within(1e-12));
    assertThat(got.metric()).isEqualTo(e.get("metric").asText());
    assertThat(got.baselineLabelled()).isEqualTo(e.get("baseline_labelled").asLong());
    assertThat(got.variantLabelled()).isEqualTo(e.get("variant_labelled").asLong());
    assertClose(got.baselineMetric(), e.get("baseline_metric"));
    assertClose(got.variantMetric(), e.get("variant_metric"));
    assertClose(got.metricDrop(), e.get("metric_drop"));
  }

  @Test
  void identicalVariantsAgreeFullyWithNoDistance() {
    ShadowPolicy strict = new ShadowPolicy(Task.CLASSIFICATION, 100, 1.0, 0.0, 0.0, 0.0, 30, 0);
    ShadowResult r = f.shadow.compare("churn", "mirror", DAY1, DAY3, strict, "ci");

    assertThat(r.mode()).isEqualTo(ComparisonMode.PAIRED);
    assertThat(r.figures().agreement()).isEqualTo(1.0);
    assertThat(r.figures().psi()).isEqualTo(0.0);
    assertThat(r.figures().js()).isEqualTo(0.0);
    assertThat(r.figures().metricDrop()).isEqualTo(0.0);
    assertThat(r.rules()).extracting(RuleResult::outcome).containsOnly(Outcome.PASS);
    assertThat(r.passed()).isTrue();
    assertThat(r.baselineVariant()).isEqualTo("production");
  }

  @Test
  void shiftedShadowFailsMaxPsi() {
    ShadowResult r = f.shadow.compare("churn", "shifted", DAY1, DAY3, ShadowPolicy.defaults(Task.CLASSIFICATION), "ci");

    assertThat(r.passed()).isFalse();
    RuleResult psi = r.rule(ShadowComparison.PSI);
    assertThat(psi.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(psi.observed()).isGreaterThan(5.0);
    assertThat(psi.limit()).isEqualTo(0.2);
    assertThat(psi.reason()).isNull();
    assertThat(r.rule(ShadowComparison.JS).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.rule(ShadowComparison.MIN_REQUESTS_VARIANT).outcome()).isEqualTo(Outcome.PASS);
    // two versions served the shifted variant: none is named
    assertThat(r.variantVersion()).isNull();

    ShadowResult noisy = f.shadow.compare("churn", "shadow", DAY1, DAY3, ShadowPolicy.defaults(Task.CLASSIFICATION), "ci");
    assertThat(noisy.passed()).as("%s", noisy.rules()).isTrue();
    assertThat(noisy.rule(ShadowComparison.METRIC_DROP).outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
  }

  @Test
  void tooFewRequestsFailWithTheReason() {
    Instant hour = DAY1.plusSeconds(3600);
    ShadowResult r = f.shadow.compare("churn", "shadow", DAY1, hour, ShadowPolicy.defaults(Task.CLASSIFICATION), "ci");

    assertThat(r.passed()).isFalse();
    RuleResult min = r.rule(ShadowComparison.MIN_REQUESTS_VARIANT);
    assertThat(min.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(min.observed()).isEqualTo(11.0);
    assertThat(min.reason()).isEqualTo("11 requests of variant 'shadow' of model 'churn' in [2026-03-01T00:00:00Z, "
        + "2026-03-01T01:00:00Z), fewer than minRequests 100");
    assertThat(r.rule(ShadowComparison.MIN_REQUESTS_BASELINE).reason()).startsWith("11 requests of variant 'production'");
    // agreement is 1.0 on those 11 pairs, which is no evidence: the rule fails too, saying why
    RuleResult agreement = r.rule(ShadowComparison.AGREEMENT);
    assertThat(agreement.observed()).isEqualTo(1.0);
    assertThat(agreement.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(agreement.reason()).contains("11 requests answered by both", "fewer than minRequests 100");

    ShadowResult none = f.shadow.compare("churn", "shadow", DAY3.plusSeconds(3600), DAY3.plusSeconds(7200),
        ShadowPolicy.defaults(Task.CLASSIFICATION), "ci");
    assertThat(none.passed()).isFalse();
    assertThat(none.figures().baselineRequests()).isZero();
    assertThat(none.figures().psi()).isNull();
    assertThat(none.rule(ShadowComparison.PSI).reason())
        .isEqualTo("no finite score from variant 'production' in the window: score distributions cannot be compared");
  }

  @Test
  void canaryWithDisjointIdsIsComparedByDistributionOnly() {
    ShadowPolicy policy = new ShadowPolicy(Task.CLASSIFICATION, 100, 0.95, 0.3, 0.2, 0.0, 30, 0);
    ShadowResult r = f.shadow.compare("churn", "canary", DAY1, DAY3, policy, "ci");

    assertThat(r.mode()).isEqualTo(ComparisonMode.DISTRIBUTION);
    assertThat(r.figures().pairedRequests()).isZero();
    assertThat(r.figures().agreement()).isNull();
    RuleResult agreement = r.rule(ShadowComparison.AGREEMENT);
    assertThat(agreement.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(agreement.reason()).startsWith("distribution mode: no request of 'canary' was also answered by 'production'");
    assertThat(r.rule(ShadowComparison.PSI).outcome()).isEqualTo(Outcome.PASS);
    // the canary is labelled on its own requests, and beats production there
    assertThat(r.figures().baselineLabelled()).isEqualTo(350);
    assertThat(r.figures().variantLabelled()).isEqualTo(200);
    assertThat(r.figures().metricDrop()).isNegative();
    assertThat(r.passed()).as("%s", r.rules()).isTrue();

    ShadowResult defaults = f.shadow.compare("churn", "canary", DAY1, DAY3, ShadowPolicy.defaults(Task.CLASSIFICATION), "ci");
    assertThat(defaults.rule(ShadowComparison.PSI).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(defaults.passed()).isFalse();
  }

  @Test
  void labelsFromFeedbackGiveTheMetricDifference() {
    ShadowPolicy classification = new ShadowPolicy(Task.CLASSIFICATION, 100, null, null, null, 0.01, 30, 0);
    ShadowResult churn = f.shadow.compare("churn", "shadow", DAY1, DAY3, classification, "ci");
    // 350 production ids are labelled (p-0 twice: the later label counts, as expected.json says)
    assertThat(churn.figures().baselineLabelled()).isEqualTo(350);
    assertThat(churn.figures().baselineMetric()).isEqualTo(215.0 / 350);
    assertThat(churn.figures().variantMetric()).isEqualTo(218.0 / 350);
    assertThat(churn.figures().metricDrop()).isCloseTo(-3.0 / 350, within(1e-15));
    assertThat(churn.rule(ShadowComparison.METRIC_DROP).outcome()).isEqualTo(Outcome.PASS);
    assertThat(churn.feedbackSnapshotId()).isEqualTo(f.icegate.tables().dataset("feedback").orElseThrow()
        .currentSnapshot().snapshotId());

    ShadowPolicy regression = new ShadowPolicy(Task.REGRESSION, 100, 0.5, null, null, 0.01, 30, 0.5);
    ShadowResult fare = f.shadow.compare("fare", "shadow", DAY1, DAY3, regression, "ci");
    assertThat(fare.figures().metric()).isEqualTo("mae");
    RuleResult drop = fare.rule(ShadowComparison.METRIC_DROP);
    assertThat(drop.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(drop.observed()).isCloseTo(0.0912, within(1e-4));
    assertThat(drop.reason()).isNull();

    ShadowResult unlabelled = f.shadow.compare("approve", "shadow", DAY1, DAY3, classification, "ci");
    RuleResult none = unlabelled.rule(ShadowComparison.METRIC_DROP);
    assertThat(none.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(none.reason()).isEqualTo(
        "0 labelled requests answered by both variants (labels in 'feedback'), fewer than minLabelled 30");
    assertThat(unlabelled.passed()).isFalse();
  }

  @Test
  void windowIsFromInclusiveToExclusive() {
    // edge-to is the only churn request at 2026-03-03T00:00:00Z; edge-before is 1 µs before March 1st
    ShadowResult at = f.shadow.compare("churn", "mirror", DAY3, DAY3.plusSeconds(3600), COUNT_ONLY, "ci");
    assertThat(at.figures().baselineRequests()).isEqualTo(1);
    ShadowResult before = f.shadow.compare("churn", "mirror", DAY1.minusSeconds(86400), DAY1, COUNT_ONLY, "ci");
    assertThat(before.figures().baselineRequests()).isEqualTo(1);
    ShadowResult lastMicro = f.shadow.compare("churn", "mirror", DAY3.minusNanos(1000), DAY3, COUNT_ONLY, "ci");
    assertThat(lastMicro.figures().baselineRequests()).isEqualTo(1);
    // 600 requests plus edge-from and edge-last; edge-before and edge-to fall outside
    ShadowResult window = f.shadow.compare("churn", "mirror", DAY1, DAY3, COUNT_ONLY, "ci");
    assertThat(window.figures().baselineRequests()).isEqualTo(602);
  }

  @Test
  void modelFilterExcludesOtherModelsRows() throws IOException {
    // fraud answered requests p-0 .. p-299 too, with other scores, in the same window
    ShadowResult churn = f.shadow.compare("churn", "mirror", DAY1, DAY3, COUNT_ONLY, "ci");
    assertThat(churn.figures().baselineRequests()).isEqualTo(602);
    assertThat(churn.figures().psi()).isZero();
    ShadowResult fraud = f.shadow.compare("fraud", "mirror", DAY1, DAY3, COUNT_ONLY, "ci");
    assertThat(fraud.figures().baselineRequests()).isEqualTo(300);
    assertThat(fraud.baselineVersion()).isEqualTo(1);

    // and Iceberg's file pruning skips the upload that holds only fraud rows
    Table predictions = f.icegate.tables().dataset("predictions").orElseThrow();
    try (SnapshotFiles all = SnapshotFiles.plan(predictions, alwaysTrue(), dir.resolve("tmp"));
        SnapshotFiles churnOnly = SnapshotFiles.plan(predictions, equal("model", "churn"), dir.resolve("tmp"));
        SnapshotFiles nothing = SnapshotFiles.plan(predictions, and(equal("model", "churn"),
            equal("model", "nobody")), dir.resolve("tmp"))) {
      assertThat(churnOnly.paths()).isNotEmpty().hasSizeLessThan(all.paths().size());
      assertThat(nothing.paths()).isEmpty();
      assertThat(all.snapshotId()).isEqualTo(predictions.currentSnapshot().snapshotId());
    }
  }

  @Test
  void comparisonsAreStoredAndQueried() {
    ShadowPolicy policy = ShadowPolicy.defaults(Task.REGRESSION);
    ShadowResult first = f.shadow.compare("fare", "shadow", DAY1, DAY3, policy, "alice");
    ShadowResult second = f.shadow.compare("fare", "shadow", DAY1, DAY1.plusSeconds(86400), policy, "bob");
    ShadowResult other = f.shadow.compare("fare", "production", "shadow", DAY1, DAY3, policy, "bob");

    assertThat(f.shadow.latest("fare", "shadow")).contains(second);
    assertThat(f.shadow.latest("fare", "production")).contains(other);
    assertThat(f.shadow.latest("fare", "canary")).isEmpty();
    assertThat(f.shadow.latest("nope", "shadow")).isEmpty();
    List<ShadowResult> listed = f.shadow.list("fare");
    assertThat(listed).containsSubsequence(other, second, first);
    assertThat(listed).allMatch(r -> r.model().equals("fare"));
    assertThat(listed).isSortedAccordingTo((a, b) -> b.createdAt().compareTo(a.createdAt()));
    assertThat(first.actor()).isEqualTo("alice");
    assertThat(first.predictionsSnapshotId()).isNotNull();
    assertThat(f.icegate.tables().catalog().tableExists(TableIdentifier.of("icegate", "shadow_comparisons"))).isTrue();
  }

  @Test
  void refusesRequestsItCannotAnswer() {
    ShadowPolicy p = ShadowPolicy.defaults(Task.CLASSIFICATION);
    assertThatThrownBy(() -> f.shadow.compare("churn", "production", DAY1, DAY3, p, "ci"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("variant and baseline are both 'production': compare two variants");
    assertThatThrownBy(() -> f.shadow.compare("churn", "shadow", DAY3, DAY1, p, "ci"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window [2026-03-03T00:00:00Z, 2026-03-01T00:00:00Z) is empty: from must be before to");
    assertThatThrownBy(() -> f.shadow.compare(" ", "shadow", DAY1, DAY3, p, "ci"))
        .hasMessage("model is required");
  }

  private static Long longOrNull(JsonNode n) {
    return n.isNull() ? null : n.asLong();
  }

  private static Double doubleOrNull(JsonNode n) {
    return n.isNull() ? null : n.asDouble();
  }

  private static void assertClose(Double actual, JsonNode expected) {
    if (expected.isNull()) {
      assertThat(actual).isNull();
    } else {
      assertThat(actual).isCloseTo(expected.asDouble(), within(1e-12));
    }
  }
}
