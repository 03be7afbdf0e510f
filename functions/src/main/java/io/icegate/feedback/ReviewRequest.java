package io.icegate.feedback;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to hand out for labelling: one model's predictions of the last {@code window} whose
 * confidence is below {@code threshold} and that have no label and were not handed out before,
 * most uncertain first, round robin across {@code strata}, at most {@code budget} per UTC day.
 *
 * @param model the model (column {@code model} of the inference log)
 * @param threshold a prediction is a candidate when its confidence is below this
 * @param confidence what the confidence is
 * @param budget items per UTC day for this model, counting what earlier calls handed out that day
 * @param limit at most this many items in this answer (the rest of the budget stays for later calls)
 * @param strata how candidates are grouped so each group is sampled
 * @param window how far back predictions count, from now
 * @param variant only this traffic variant, or null for all (one row per request id, production's first)
 */
public record ReviewRequest(String model, double threshold, ReviewConfidence confidence, int budget, int limit,
    ReviewStrata strata, Duration window, String variant) {

  /** The default threshold for the binary margin: scores within 0.3..0.7. */
  public static final double DEFAULT_MARGIN_THRESHOLD = 0.2;
  /** The default daily budget. */
  public static final int DEFAULT_BUDGET = 100;
  /** The largest daily budget. */
  public static final int MAX_BUDGET = 100_000;
  /** The most items one answer carries. */
  public static final int MAX_LIMIT = 1000;
  /** The default window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
  /** The longest window. */
  public static final Duration MAX_WINDOW = Duration.ofDays(366);

  private static final Pattern SHORT_DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhd])");

  public ReviewRequest {
    model = text("model", model);
    if (!Double.isFinite(threshold) || threshold <= 0) {
      throw FeedbackException.invalid("threshold", "must be a number above 0, found " + threshold);
    }
    if (confidence == null) {
      confidence = ReviewConfidence.MARGIN;
    }
    if (confidence.kind() == ReviewConfidence.Kind.MARGIN && threshold > 0.5) {
      throw FeedbackException.invalid("threshold", "the margin |score - 0.5| is at most 0.5, so threshold "
          + threshold + " would hand out every prediction; use at most 0.5");
    }
    if (budget < 1 || budget > MAX_BUDGET) {
      throw FeedbackException.invalid("budget", "must be between 1 and " + MAX_BUDGET + ", found " + budget);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw FeedbackException.invalid("limit", "must be between 1 and " + MAX_LIMIT + ", found " + limit);
    }
    if (strata == null) {
      strata = ReviewStrata.CLASS;
    }
    if (window == null) {
      window = DEFAULT_WINDOW;
    }
    if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw FeedbackException.invalid("window", "must be between 1 minute and 366 days, found " + window);
    }
    if (variant != null) {
      variant = text("variant", variant);
    }
  }

  /**
   * A request from the texts a caller typed (query parameters, CLI options), with defaults for what is null.
   *
   * @param threshold required unless the confidence is the margin (default 0.2)
   * @param limit default: the whole budget, at most {@value #MAX_LIMIT}
   * @param window an ISO-8601 duration ({@code P7D}, {@code PT12H}) or {@code 90m}, {@code 24h}, {@code 7d}; default 7 days
   * @throws FeedbackException naming the parameter that is wrong
   */
  public static ReviewRequest of(String model, Double threshold, String confidence, Integer budget, Integer limit,
      String strata, String window, String variant) {
    ReviewConfidence c = ReviewConfidence.parse(confidence);
    if (threshold == null && c.kind() != ReviewConfidence.Kind.MARGIN) {
      throw FeedbackException.invalid("threshold", "confidence " + c + " has no default threshold; give one,"
          + " e.g. threshold=0.6 to review predictions whose confidence is below 0.6");
    }
    int b = budget == null ? DEFAULT_BUDGET : budget;
    return new ReviewRequest(model, threshold == null ? DEFAULT_MARGIN_THRESHOLD : threshold, c, b,
        limit == null ? Math.min(b, MAX_LIMIT) : limit, ReviewStrata.parse(strata),
        window == null ? null : duration(window), variant);
  }

  /** Parses a window: ISO-8601 or a count of minutes, hours or days. */
  static Duration duration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw FeedbackException.invalid("window", "'" + text + "' is not a duration; use e.g. 24h, 7d or P7D");
    }
  }

  private static String text(String parameter, String value) {
    if (value == null || value.isBlank()) {
      throw FeedbackException.invalid(parameter, parameter + " is required");
    }
    if (value.length() > 128 || value.chars().anyMatch(Character::isISOControl)) {
      throw FeedbackException.invalid(parameter, "must be at most 128 printable characters");
    }
    return value;
  }
}
