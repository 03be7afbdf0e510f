package io.icegate.feedback;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What happened to one item of a batch.
 *
 * @param index the item's position in the batch, from 0
 * @param requestId the request id as sent
 * @param source the source as sent
 * @param status recorded, duplicate, corrected or refused
 * @param knownRequestId whether dataset {@code predictions} has the request id; null when the item
 *     was refused before the lookup
 * @param reason why it was refused, else null
 * @param warning something the caller should know about an accepted item (an unknown request id), else null
 * @param feedback the row written (recorded, corrected) or the existing row it repeats (duplicate); null when refused
 * @param previousLabel for a correction: the label it replaces, else null
 */
public record FeedbackOutcome(int index, String requestId, String source, Status status, Boolean knownRequestId,
    String reason, String warning, FeedbackRecord feedback, String previousLabel) {

  /** How an item ended. */
  public enum Status {
    /** A first label of this request from this source: a new row. */
    RECORDED,
    /** The same label as the source's current one: nothing written, the existing row answered. */
    DUPLICATE,
    /** A different label from the same source: a new row whose {@code corrects} names the previous one. */
    CORRECTED,
    /** Not recorded; {@code reason} says why. */
    REFUSED;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
