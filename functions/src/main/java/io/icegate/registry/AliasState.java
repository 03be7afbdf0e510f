package io.icegate.registry;

import java.time.Instant;

/**
 * Where an alias points, derived from the audit log: the version (null when unset), the event that
 * put it there, and the version a rollback would restore (null when there is none).
 */
public record AliasState(
    String model,
    String alias,
    Integer version,
    Integer rollbackTarget,
    Action lastAction,
    String movedBy,
    Instant movedAt,
    String eventId) {

  /** An alias that was never set. */
  static AliasState unset(String model, String alias) {
    return new AliasState(model, alias, null, null, null, null, null, null);
  }
}
