package io.icegate.ingest;

import java.util.List;

/** What {@code profileBatches} did: batches profiled, batches left as they were, and failures. */
public record ProfileResult(List<Profiled> profiled, List<Unprofiled> skipped, List<Unprofiled> failed) {

  public ProfileResult {
    profiled = List.copyOf(profiled);
    skipped = List.copyOf(skipped);
    failed = List.copyOf(failed);
  }

  /** A batch whose profiles are now in {@code icegate.profiles}. */
  public record Profiled(String dataset, String batchId, long rows, int columns, long millis) {}

  /** A batch not profiled by this call, and why. */
  public record Unprofiled(String dataset, String batchId, String reason) {}
}
