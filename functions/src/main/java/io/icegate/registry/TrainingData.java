package io.icegate.registry;

import io.icegate.ingest.IngestFunction;
import io.icegate.table.IcegateTables;
import java.util.stream.Collectors;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/** Resolves the dataset snapshot a model was trained on, and tags it so expiry keeps it. */
final class TrainingData {
  /** A resolved training snapshot; {@code ref} is the tag or branch the request named, if any. */
  record Resolved(String dataset, long snapshotId, String ref) {}

  private final IcegateTables tables;

  TrainingData(IcegateTables tables) {
    this.tables = tables;
  }

  /** Resolves by snapshot id (which must be in the table's metadata) or by tag/branch name. */
  Resolved resolve(String dataset, Long snapshotId, String ref) {
    Table table = table(dataset);
    String refName = Names.optional("training ref", ref);
    if (snapshotId == null && refName == null) {
      throw new RegistryException.Invalid("training data of dataset '" + dataset
          + "' needs a snapshot id or a tag/branch name");
    }
    if (refName != null) {
      SnapshotRef named = table.refs().get(refName);
      if (named == null) {
        throw new RegistryException.NotFound("dataset '" + dataset + "' has no tag or branch named '"
            + Names.printable(refName) + "' (it has: " + refNames(table) + ")");
      }
      if (snapshotId != null && snapshotId != named.snapshotId()) {
        throw new RegistryException.Invalid("training snapshot " + snapshotId + " disagrees with "
            + (named.isTag() ? "tag" : "branch") + " '" + refName + "' of dataset '" + dataset
            + "', which points at snapshot " + named.snapshotId());
      }
      return new Resolved(dataset, named.snapshotId(), refName);
    }
    if (table.snapshot(snapshotId) == null) {
      throw new RegistryException.NotFound("snapshot " + snapshotId + " is not in the history of dataset '"
          + dataset + "' (expired, never existed, or from another table)");
    }
    return new Resolved(dataset, snapshotId, null);
  }

  /**
   * Tags the snapshot as {@code tag}, or confirms an earlier attempt did. The tag has no max age,
   * so snapshot expiry keeps the snapshot (and its files) for as long as the tag exists. Dataset
   * tables leave retries to their writers, so concurrent ingest commits are retried here.
   */
  void tag(String dataset, String tag, long snapshotId) {
    for (int attempt = 1; ; attempt++) {
      Table table = table(dataset);
      SnapshotRef existing = table.refs().get(tag);
      if (existing != null) {
        if (existing.isTag() && existing.snapshotId() == snapshotId) {
          return;
        }
        throw new IllegalStateException("dataset '" + dataset + "' already has a " + (existing.isTag() ? "tag" : "branch")
            + " '" + tag + "' at snapshot " + existing.snapshotId() + ", not at " + snapshotId);
      }
      try {
        table.manageSnapshots().createTag(tag, snapshotId).commit();
        return;
      } catch (CommitFailedException | CommitStateUnknownException e) {
        Retry.after(attempt, "tag snapshot " + snapshotId + " of dataset '" + dataset + "'", e);
      }
    }
  }

  private Table table(String dataset) {
    if (dataset == null || dataset.isEmpty()) {
      throw new RegistryException.Invalid("training dataset is missing");
    }
    String problem = IngestFunction.datasetNameProblem(dataset);
    if (problem != null) {
      throw new RegistryException.Invalid(Names.printable(problem));
    }
    return tables.dataset(dataset).orElseThrow(() -> new RegistryException.NotFound(
        "dataset '" + dataset + "' does not exist (no table " + tables.datasetId(dataset) + ")"));
  }

  private static String refNames(Table table) {
    if (table.refs().keySet().stream().allMatch("main"::equals)) {
      return "no tag or branch besides main";
    }
    return table.refs().entrySet().stream()
        .map(e -> (e.getValue().isTag() ? "tag " : "branch ") + e.getKey())
        .sorted().limit(20).collect(Collectors.joining(", "))
        + (table.refs().size() > 20 ? ", ..." : "");
  }
}
