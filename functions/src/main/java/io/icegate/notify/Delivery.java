package io.icegate.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One notification's delivery to one channel: every attempt and the outcome. Nothing in it is
 * secret: the endpoint is an origin or a reference, errors are scrubbed, the payload is the body
 * as sent (signatures travel in headers and are not kept).
 *
 * @param deliveryId this delivery's id
 * @param notificationId the {@link Envelope#id()}
 * @param kind alert or retrain
 * @param model the model
 * @param monitor the monitor, or null
 * @param dedupeKey the notification's dedupe key
 * @param channel the channel's name
 * @param channelType {@code webhook}, {@code slack} or {@code retrain}
 * @param endpoint {@link Endpoint#describe()}
 * @param outcome delivered or failed
 * @param attempts every request sent, in order; empty when it failed before sending (a missing
 *     secret, an invalid URL)
 * @param error why it failed, or null
 * @param payload the body as sent, or null when none was built
 * @param startedAt when the first attempt started (or the failure was found)
 * @param finishedAt when the outcome was known
 */
public record Delivery(
    String deliveryId,
    String notificationId,
    Notification.Kind kind,
    String model,
    String monitor,
    String dedupeKey,
    String channel,
    String channelType,
    String endpoint,
    Outcome outcome,
    List<Attempt> attempts,
    String error,
    String payload,
    Instant startedAt,
    Instant finishedAt) {

  /** How a delivery ended. */
  public enum Outcome {
    DELIVERED,
    FAILED;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One request.
   *
   * @param number 1 for the first attempt
   * @param at when it was sent
   * @param status the HTTP status, or null when there was no response (timeout, connection error)
   * @param error what went wrong, or null when the receiver accepted it
   * @param millis how long the request took
   * @param waitMillis the pause before the next attempt, or null when there was none
   * @param waitReason {@code backoff} or {@code retry-after}, or null
   */
  public record Attempt(int number, Instant at, Integer status, String error, long millis, Long waitMillis,
      String waitReason) {}

  public Delivery {
    Objects.requireNonNull(outcome, "outcome");
    attempts = List.copyOf(attempts);
  }

  /** The status of the last attempt, or null. */
  public Integer lastStatus() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).status();
  }

  /** e.g. {@code delivered on attempt 2} or {@code failed after 5 attempts (500, 503, timeout, 500, 500)}. */
  public String summary() {
    if (outcome == Outcome.DELIVERED) {
      return "delivered on attempt " + attempts.size();
    }
    String codes = attempts.stream()
        .map(a -> a.status() != null ? String.valueOf(a.status()) : "no response")
        .collect(Collectors.joining(", "));
    return "failed after " + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts")
        + (codes.isEmpty() ? "" : " (" + codes + ")") + (error == null ? "" : ": " + error);
  }
}
