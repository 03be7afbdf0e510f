package io.icegate.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Parameters of the review queue: defaults, and a precise refusal naming each wrong one. */
class ReviewRequestTest {

  @Test
  void defaults() {
    ReviewRequest r = ReviewRequest.of("churn", null, null, null, null, null, null, null);
    assertThat(r.threshold()).isEqualTo(0.2);
    assertThat(r.confidence()).isEqualTo(ReviewConfidence.MARGIN);
    assertThat(r.budget()).isEqualTo(100);
    assertThat(r.limit()).isEqualTo(100);
    assertThat(r.strata()).isEqualTo(ReviewStrata.CLASS);
    assertThat(r.window()).isEqualTo(Duration.ofDays(7));
    assertThat(r.variant()).isNull();
    assertThat(ReviewRequest.of("churn", null, null, 5000, null, null, null, null).limit()).isEqualTo(1000);
  }

  @Test
  void parsesWhatUsersType() {
    ReviewRequest r = ReviewRequest.of("churn", 0.6, "feature:top_p", 10, 3, "feature:country", "36h", "canary");
    assertThat(r.confidence()).hasToString("feature:top_p");
    assertThat(r.strata()).hasToString("feature:country");
    assertThat(r.window()).isEqualTo(Duration.ofHours(36));
    assertThat(ReviewRequest.duration("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ReviewRequest.duration("P30D")).isEqualTo(Duration.ofDays(30));
    assertThat(ReviewRequest.of("m", 0.6, "score", null, null, "none", "PT12H", null).window())
        .isEqualTo(Duration.ofHours(12));
  }

  @Test
  void refusesWithTheParameterAndWhy() {
    refused(() -> ReviewRequest.of(null, null, null, null, null, null, null, null), "model", "model is required");
    refused(() -> ReviewRequest.of("churn", 0.7, null, null, null, null, null, null), "threshold",
        "the margin |score - 0.5| is at most 0.5, so threshold 0.7 would hand out every prediction; use at most 0.5");
    refused(() -> ReviewRequest.of("churn", 0.0, null, null, null, null, null, null), "threshold",
        "must be a number above 0, found 0.0");
    refused(() -> ReviewRequest.of("churn", null, "score", null, null, null, null, null), "threshold",
        "confidence score has no default threshold; give one, e.g. threshold=0.6 to review predictions whose"
            + " confidence is below 0.6");
    refused(() -> ReviewRequest.of("churn", null, "entropy", null, null, null, null, null), "confidence",
        "unknown confidence 'entropy'; use margin (|score - 0.5|, binary), score (the score column) or"
            + " feature:<name> (a number in features)");
    refused(() -> ReviewRequest.of("churn", null, null, 0, null, null, null, null), "budget",
        "must be between 1 and 100000, found 0");
    refused(() -> ReviewRequest.of("churn", null, null, null, 1001, null, null, null), "limit",
        "must be between 1 and 1000, found 1001");
    refused(() -> ReviewRequest.of("churn", null, null, null, null, "region", null, null), "strata",
        "unknown strata 'region'; use class (the predicted class), variant, feature:<name> (a value in features)"
            + " or none");
    refused(() -> ReviewRequest.of("churn", null, null, null, null, "feature:a\"b", null, null), "strata",
        "feature name 'a\"b' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    refused(() -> ReviewRequest.of("churn", null, null, null, null, null, "7 days", null), "window",
        "'7 days' is not a duration; use e.g. 24h, 7d or P7D");
    refused(() -> ReviewRequest.of("churn", null, null, null, null, null, "400d", null), "window",
        "must be between 1 minute and 366 days, found PT9600H");
  }

  private static void refused(ThrowingCallable call, String parameter, String message) {
    assertThatThrownBy(call).isInstanceOf(FeedbackException.class).hasMessage(message)
        .extracting(e -> ((FeedbackException) e).parameter()).isEqualTo(parameter);
  }
}
