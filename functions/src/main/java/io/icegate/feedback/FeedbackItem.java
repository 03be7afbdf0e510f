package io.icegate.feedback;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One label as a caller sends it.
 *
 * @param requestId the request id the model logged with its prediction
 * @param label the true class, or the true value as text for regression
 * @param source who gives the label, e.g. {@code human:alice} or {@code crm}; labels are
 *     idempotent per request id and source
 */
public record FeedbackItem(
    @JsonProperty(required = true) String requestId,
    @JsonProperty(required = true) String label,
    @JsonProperty(required = true) String source) {}
