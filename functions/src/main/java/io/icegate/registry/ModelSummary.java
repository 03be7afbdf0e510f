package io.icegate.registry;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/** A model at a glance: its versions, its latest registration and where its aliases point. */
public record ModelSummary(
    String model,
    int versions,
    int latestVersion,
    Instant latestRegisteredAt,
    List<String> owners,
    SortedMap<String, Integer> aliases) {}
