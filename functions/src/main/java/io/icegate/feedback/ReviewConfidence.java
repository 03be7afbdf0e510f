package io.icegate.feedback;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * What the review queue ranks by: a confidence value per prediction, lower is less sure.
 *
 * @param kind where the value comes from
 * @param feature the feature name for {@link Kind#FEATURE}, else null
 */
public record ReviewConfidence(Kind kind, String feature) {

  /** Feature names a confidence or a stratum may name (keys of the features JSON). */
  static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  /** The default: the binary margin. */
  public static final ReviewConfidence MARGIN = new ReviewConfidence(Kind.MARGIN, null);

  /** Sources of the confidence value. */
  public enum Kind {
    /** {@code |score - 0.5|}: the distance of a binary classifier's probability from the decision boundary. */
    MARGIN,
    /** The {@code score} column itself, e.g. the top-class probability of a multiclass model. */
    SCORE,
    /** A number in the request's features JSON, e.g. a confidence the serving code logged. */
    FEATURE
  }

  /**
   * Parses {@code margin}, {@code score} or {@code feature:<name>}.
   *
   * @throws FeedbackException naming parameter {@code confidence}
   */
  public static ReviewConfidence parse(String text) {
    if (text == null || text.equals("margin")) {
      return MARGIN;
    }
    if (text.equals("score")) {
      return new ReviewConfidence(Kind.SCORE, null);
    }
    if (text.startsWith("feature:")) {
      return new ReviewConfidence(Kind.FEATURE, feature("confidence", text.substring("feature:".length())));
    }
    throw FeedbackException.invalid("confidence", "unknown confidence '" + text
        + "'; use margin (|score - 0.5|, binary), score (the score column) or feature:<name> (a number in features)");
  }

  /** Checks a feature name. */
  static String feature(String parameter, String name) {
    if (!FEATURE.matcher(name).matches()) {
      throw FeedbackException.invalid(parameter, "feature name '" + name + "' must match " + FEATURE.pattern());
    }
    return name;
  }

  /** The text {@link #parse} reads. */
  @JsonValue
  @Override
  public String toString() {
    return kind == Kind.FEATURE ? "feature:" + feature : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
