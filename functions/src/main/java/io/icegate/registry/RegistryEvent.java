package io.icegate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One row of the audit log. {@code seq} numbers a model's events 1, 2, ... in commit order;
 * {@code version} is the registered version or the alias's new target, {@code fromVersion} its
 * target before the move (null when it was unset).
 */
public record RegistryEvent(
    String eventId,
    String model,
    long seq,
    Action action,
    String alias,
    Integer version,
    Integer fromVersion,
    String actor,
    String reason,
    String requestId,
    Instant at,
    JsonNode details) {}
