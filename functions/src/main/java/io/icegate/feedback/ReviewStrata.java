package io.icegate.feedback;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the review queue splits predictions so that every group is sampled: it takes the most
 * uncertain of each stratum in turn (round robin).
 *
 * @param kind what the strata are
 * @param feature the feature name for {@link Kind#FEATURE}, else null
 */
public record ReviewStrata(Kind kind, String feature) {

  /** The default: one stratum per predicted class. */
  public static final ReviewStrata CLASS = new ReviewStrata(Kind.CLASS, null);

  /** What a stratum is. */
  public enum Kind {
    /** The predicted class ({@code prediction}). */
    CLASS,
    /** The traffic variant, e.g. production and canary. */
    VARIANT,
    /** A value of the request's features JSON, e.g. a country or a segment. */
    FEATURE,
    /** One stratum: plain most-uncertain-first. */
    NONE
  }

  /**
   * Parses {@code class}, {@code variant}, {@code feature:<name>} or {@code none}.
   *
   * @throws FeedbackException naming parameter {@code strata}
   */
  public static ReviewStrata parse(String text) {
    if (text == null || text.equals("class")) {
      return CLASS;
    }
    if (text.equals("variant")) {
      return new ReviewStrata(Kind.VARIANT, null);
    }
    if (text.equals("none")) {
      return new ReviewStrata(Kind.NONE, null);
    }
    if (text.startsWith("feature:")) {
      return new ReviewStrata(Kind.FEATURE, ReviewConfidence.feature("strata", text.substring("feature:".length())));
    }
    throw FeedbackException.invalid("strata", "unknown strata '" + text
        + "'; use class (the predicted class), variant, feature:<name> (a value in features) or none");
  }

  /** The text {@link #parse} reads. */
  @JsonValue
  @Override
  public String toString() {
    return kind == Kind.FEATURE ? "feature:" + feature : kind.name().toLowerCase(Locale.ROOT);
  }
}
