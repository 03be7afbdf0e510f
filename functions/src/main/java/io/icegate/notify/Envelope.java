package io.icegate.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What every copy of one notification shares, whatever the channel or attempt.
 *
 * @param id the notification's id (the id of the gate decision that fired it): receivers drop
 *     repeats of an id they have seen, as retries carry the same one
 * @param firedAt when it fired
 * @param owners who owns the model, listed in the message
 */
public record Envelope(String id, Instant firedAt, List<String> owners) {

  public Envelope {
    Checks.text(id, "id");
    Objects.requireNonNull(firedAt, "firedAt");
    owners = owners == null ? List.of() : List.copyOf(owners);
  }
}
