package io.icegate.feedback;

import java.time.Instant;

/**
 * One row of the {@code feedback} dataset as the API writes it.
 *
 * @param feedbackId the row's id, derived from request id, source, label and {@code corrects}
 * @param requestId the labelled request
 * @param label the label
 * @param source who gave it
 * @param ts when it was recorded (UTC, microseconds)
 * @param corrects the feedback id this row replaces, or null for a first label
 * @param actor the principal that recorded it
 */
public record FeedbackRecord(String feedbackId, String requestId, String label, String source, Instant ts,
    String corrects, String actor) {}
