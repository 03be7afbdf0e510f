package io.icegate.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one call of the review queue handed out, and how much of the day's budget is left.
 *
 * @param assignmentId id of this hand-out in {@code icegate.review_assignments}, or null when nothing was handed out
 * @param model the model
 * @param day the UTC day the budget is counted for
 * @param budget the daily budget applied
 * @param handedOutBefore items earlier calls handed out for the model that day
 * @param handedOut items in this answer
 * @param remaining budget left for the day after this answer
 * @param candidates predictions that qualified (below the threshold, unlabelled, not handed out before)
 * @param threshold the confidence threshold
 * @param confidence what the confidence is
 * @param strata how candidates were grouped
 * @param variant the variant filter, or null
 * @param from start of the window
 * @param to end of the window (now, exclusive)
 * @param strataCounts candidates and items per stratum
 * @param items the predictions to label: most uncertain of each stratum in turn
 */
public record ReviewBatch(String assignmentId, String model, LocalDate day, int budget, int handedOutBefore,
    int handedOut, int remaining, long candidates, double threshold, ReviewConfidence confidence, ReviewStrata strata,
    String variant, Instant from, Instant to, List<StratumCount> strataCounts, List<ReviewItem> items) {

  public ReviewBatch {
    strataCounts = List.copyOf(strataCounts);
    items = List.copyOf(items);
  }

  /**
   * One stratum's share.
   *
   * @param stratum its value, e.g. a class; {@code (none)} for a missing value
   * @param candidates predictions that qualified in it
   * @param handedOut of them in this answer
   */
  public record StratumCount(String stratum, long candidates, int handedOut) {}
}
