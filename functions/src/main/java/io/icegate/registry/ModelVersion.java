package io.icegate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model version: the artifact and its checksum, the dataset snapshot it was trained
 * on (kept forever by the tag {@code trainingTag}), the code commit, and what CI reported.
 * {@code trainingRef} is the tag or branch the request named, when it named one.
 */
public record ModelVersion(
    String model,
    int version,
    String artifactUri,
    String artifactSha256,
    long artifactBytes,
    String dataset,
    long trainingSnapshotId,
    String trainingTag,
    String trainingRef,
    String codeCommit,
    Map<String, String> params,
    JsonNode metrics,
    List<String> owners,
    String description,
    String registeredBy,
    Instant registeredAt,
    String requestId) {}
