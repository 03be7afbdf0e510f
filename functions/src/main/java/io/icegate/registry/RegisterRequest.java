package io.icegate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A registration as CI sends it. {@code artifact} is an object key or a URI of the object store;
 * the training data is {@code dataset} at {@code snapshotId}, or at the tag or branch
 * {@code ref} (when both are given they must agree). {@code metrics} are stored as reported and
 * are informational only: gates compute their own.
 */
public record RegisterRequest(
    String model,
    String artifact,
    String sha256,
    String dataset,
    Long snapshotId,
    String ref,
    String codeCommit,
    Map<String, String> params,
    JsonNode metrics,
    List<String> owners,
    String description) {}
