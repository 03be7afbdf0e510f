package io.icegate.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.feedback.FeedbackFixture.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review queue on an inference log ingested through the real ingest: threshold, window,
 * labels, round robin across strata, and the daily budget across calls, days and concurrent callers.
 */
class ReviewQueueTest {
  static final Instant HOUR_AGO = FeedbackFixture.NOW.minus(Duration.ofHours(1));

  @TempDir Path dir;
  FeedbackFixture f;

  @BeforeEach
  void open() throws Exception {
    f = new FeedbackFixture(dir);
    Log log = new Log();
    for (String model : List.of("churn", "churn2")) {
      // 30 predictions of class 0 just under 0.5 (margins 0.001..0.175), 10 of class 1 a little further out
      // (margins 0.06..0.177): plain most-uncertain-first takes ten of class 0 before any of class 1
      for (int i = 0; i < 30; i++) {
        log.add(model + "-q0-" + i, model, "production", HOUR_AGO, 0.499 - i * 0.006, null);
      }
      for (int i = 0; i < 10; i++) {
        log.add(model + "-q1-" + i, model, "production", HOUR_AGO, 0.56 + i * 0.013, null);
      }
      for (int i = 0; i < 10; i++) {
        log.add(model + "-sure-" + i, model, "production", HOUR_AGO, i % 2 == 0 ? 0.02 : 0.97, null);
      }
      // uncertain, but ten days old: outside the default window of 7 days
      log.add(model + "-old", model, "production", FeedbackFixture.NOW.minus(Duration.ofDays(10)), 0.5, null);
    }
    log.add("fraud-1", "fraud", "production", HOUR_AGO, 0.5, null);
    f.upload("predictions", "log.csv", log.toString());
    // the most uncertain one is already labelled
    f.feedback.record("api", List.of(new FeedbackItem("churn-q0-0", "0", "crm")), false);
  }

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  @Test
  void handsOutUnlabelledPredictionsBelowTheThresholdMostUncertainFirst() {
    ReviewBatch b = next(ReviewRequest.of("churn", null, null, 100, null, "none", null, null));
    assertThat(b.candidates()).isEqualTo(39);
    assertThat(b.items()).hasSize(39);
    assertThat(b.items()).extracting(ReviewItem::requestId)
        .doesNotContain("churn-q0-0", "churn-old", "fraud-1")
        .noneMatch(id -> id.contains("sure") || id.startsWith("churn2"));
    List<Double> confidences = b.items().stream().map(ReviewItem::confidence).toList();
    assertThat(confidences).isSorted().allMatch(c -> c < 0.2);
    ReviewItem first = b.items().get(0);
    assertThat(first.requestId()).isEqualTo("churn-q0-1");
    assertThat(first.confidence()).isCloseTo(0.007, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(first.prediction()).isEqualTo("0");
    assertThat(first.score()).isCloseTo(0.493, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(first.variant()).isEqualTo("production");
    assertThat(first.version()).isEqualTo(1L);
    assertThat(first.ts()).isEqualTo(HOUR_AGO);
    assertThat(first.stratum()).isEqualTo("all");
    assertThat(b.day()).isEqualTo(LocalDate.parse("2026-03-04"));
    assertThat(b.from()).isEqualTo(FeedbackFixture.NOW.minus(Duration.ofDays(7)));
    assertThat(b.to()).isEqualTo(FeedbackFixture.NOW);
    assertThat(b.remaining()).isEqualTo(61);
  }

  @Test
  void everyClassIsSampledRoundRobin() {
    ReviewBatch stratified = next(ReviewRequest.of("churn", null, null, 10, null, null, null, null));
    assertThat(stratified.strata()).hasToString("class");
    // round 1: the most uncertain of each class, the less sure first; then round 2, ...
    assertThat(stratified.items()).extracting(ReviewItem::requestId).containsExactly(
        "churn-q0-1", "churn-q1-0", "churn-q0-2", "churn-q1-1", "churn-q0-3", "churn-q1-2", "churn-q0-4",
        "churn-q1-3", "churn-q0-5", "churn-q1-4");
    assertThat(stratified.strataCounts()).containsExactly(
        new ReviewBatch.StratumCount("0", 29, 5), new ReviewBatch.StratumCount("1", 10, 5));

    // the same data without strata: class 1 never gets a look
    ReviewBatch plain = next(ReviewRequest.of("churn2", null, null, 10, null, "none", null, null));
    assertThat(plain.items()).extracting(ReviewItem::prediction).containsOnly("0");
  }

  @Test
  void theDailyBudgetHoldsAcrossCallsAndStartsAgainTheNextUtcDay() throws Exception {
    List<ReviewBatch> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(next(ReviewRequest.of("churn", null, null, 10, 4, null, null, null)));
      f.clock.advance(Duration.ofMinutes(10));
    }
    assertThat(calls).extracting(ReviewBatch::handedOut).containsExactly(4, 4, 2, 0);
    assertThat(calls).extracting(ReviewBatch::handedOutBefore).containsExactly(0, 4, 8, 10);
    assertThat(calls).extracting(ReviewBatch::remaining).containsExactly(6, 2, 0, 0);
    assertThat(calls.get(3).assignmentId()).isNull();
    // what was handed out is never handed out again
    Set<String> seen = new HashSet<>();
    calls.forEach(b -> b.items().forEach(i -> assertThat(seen.add(i.requestId())).as(i.requestId()).isTrue()));
    assertThat(seen).hasSize(10);
    assertThat(calls.get(3).candidates()).isEqualTo(29);

    // a new UTC day: a fresh budget, and still nothing twice
    f.clock.advance(Duration.ofHours(15));
    ReviewBatch tomorrow = next(ReviewRequest.of("churn", null, null, 10, null, null, null, null));
    assertThat(tomorrow.day()).isEqualTo(LocalDate.parse("2026-03-05"));
    assertThat(tomorrow.handedOutBefore()).isZero();
    assertThat(tomorrow.handedOut()).isEqualTo(10);
    tomorrow.items().forEach(i -> assertThat(seen.add(i.requestId())).as(i.requestId()).isTrue());

    List<Record> rows = FeedbackFixture.rows(f.icegate.tables().reviewAssignments());
    assertThat(rows).hasSize(20);
    assertThat(rows).filteredOn(r -> r.getField("day").equals(LocalDate.parse("2026-03-04"))).hasSize(10);
    assertThat(rows).extracting(r -> r.getField("actor")).containsOnly("labeler");
  }

  @Test
  void concurrentCallersCannotOverspendTheBudget() throws Exception {
    int callers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ReviewBatch>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      ReviewQueue instance = new ReviewQueue(f.icegate.tables(), f.icegate.engine(), f.clock);
      results.add(pool.submit((Callable<ReviewBatch>) () -> {
        start.await();
        return instance.next("labeler", ReviewRequest.of("churn", null, null, 12, null, null, null, null));
      }));
    }
    start.countDown();
    List<String> handedOut = new ArrayList<>();
    for (Future<ReviewBatch> r : results) {
      r.get().items().forEach(i -> handedOut.add(i.requestId()));
    }
    pool.shutdown();
    assertThat(handedOut).hasSize(12).doesNotHaveDuplicates();
    assertThat(FeedbackFixture.rows(f.icegate.tables().reviewAssignments())).hasSize(12);
  }

  @Test
  void labelsThatArriveLaterTakePredictionsOutOfTheQueue() {
    f.feedback.record("api", List.of(new FeedbackItem("churn-q0-1", "0", "human:alice"),
        new FeedbackItem("churn-q1-0", "1", "human:alice")), false);
    ReviewBatch b = next(ReviewRequest.of("churn", null, null, 2, null, null, null, null));
    assertThat(b.items()).extracting(ReviewItem::requestId).containsExactly("churn-q0-2", "churn-q1-1");
  }

  @Test
  void segmentsVariantsAndOtherConfidences() throws Exception {
    Log log = new Log();
    String[] countries = {"de", "fr", "us"};
    for (int i = 0; i < 12; i++) {
      // a multiclass model: the score is the top-class probability
      log.add("m-" + i, "multi", "production", HOUR_AGO, 0.35 + i * 0.05,
          "{\"country\": \"" + countries[i % 3] + "\", \"p\": " + (i / 10.0) + "}");
      log.add("m-" + i, "multi", "shadow", HOUR_AGO.plusSeconds(1), 0.01, null);
      log.add("c-" + i, "multi", "canary", HOUR_AGO, 0.35 + i * 0.05, "{\"country\": \"de\"}");
    }
    log.add("m-bad", "multi", "production", HOUR_AGO, 0.58, "{not json");
    f.upload("predictions", "multi.csv", log.toString());

    ReviewBatch byCountry = next(ReviewRequest.of("multi", 0.6, "score", 3, null, "feature:country", null,
        "production"));
    // scores below 0.6: m-0..m-4 and m-bad; each country (and the unreadable features) gets a turn
    assertThat(byCountry.candidates()).isEqualTo(6);
    assertThat(byCountry.strataCounts()).extracting(ReviewBatch.StratumCount::stratum)
        .containsExactly("(none)", "de", "fr", "us");
    assertThat(byCountry.items()).extracting(ReviewItem::requestId).containsExactly("m-0", "m-1", "m-2");
    assertThat(byCountry.items().get(0).features().get("country").asText()).isEqualTo("de");
    // production's answer, not the shadow's, for a request both logged
    assertThat(byCountry.items()).extracting(ReviewItem::variant).containsOnly("production");

    // the budget is the model's for the day: 3 went to the call before, 4 are left
    ReviewBatch byVariant = next(ReviewRequest.of("multi", 0.6, "score", 7, null, "variant", null, null));
    assertThat(byVariant.handedOutBefore()).isEqualTo(3);
    assertThat(byVariant.items()).extracting(ReviewItem::requestId).containsExactly("c-0", "m-3", "c-1", "m-4");
    assertThat(byVariant.items()).extracting(ReviewItem::stratum).containsExactly("canary", "production",
        "canary", "production");

    // a confidence the serving code logged in the features; rows without it (canary, m-bad) do not qualify
    ReviewBatch byFeature = next(ReviewRequest.of("multi", 0.95, "feature:p", 100, null, "none", null, null));
    assertThat(byFeature.items()).extracting(ReviewItem::requestId).containsExactly("m-5", "m-6", "m-7", "m-8", "m-9");
    assertThat(byFeature.items()).extracting(ReviewItem::confidence).containsExactly(0.5, 0.6, 0.7, 0.8, 0.9);
  }

  @Test
  void withoutAnInferenceLogTheQueueSaysWhy() throws Exception {
    try (FeedbackFixture empty = new FeedbackFixture(dir.resolve("empty"))) {
      ReviewRequest request = ReviewRequest.of("churn", null, null, null, null, null, null, null);
      assertThatThrownBy(() -> empty.queue.next("labeler", request)).isInstanceOf(FeedbackException.class)
          .hasMessageStartingWith("no inference log: dataset 'predictions' does not exist");
    }
  }

  private ReviewBatch next(ReviewRequest request) {
    return f.queue.next("labeler", request);
  }
}
