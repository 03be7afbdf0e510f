package io.icegate.ingest;

import io.icegate.contract.DataContract;
import io.icegate.table.FieldIdParquet;
import io.icegate.table.IcegateTables;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one batch as exactly one snapshot. Between attempts it re-reads the table and gives up
 * when the same content was committed meanwhile, so concurrent deliveries of one object commit
 * once, and concurrent different uploads all land.
 */
final class DatasetCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetCommitter.class);
  private static final int MAX_ATTEMPTS = 100;

  private final IcegateTables tables;
  private final IngestLog log;
  Runnable beforeCommit = () -> {};

  DatasetCommitter(IcegateTables tables, IngestLog log) {
    this.tables = tables;
    this.log = log;
  }

  /**
   * A prior commit of this content: in a live snapshot's summary (which also covers a crash
   * between commit and log), else in the ingest log (which outlives expired snapshots).
   */
  Optional<IngestLog.Prior> findCommitted(String dataset, String sha256) {
    return tables.dataset(dataset).flatMap(t -> inSnapshots(t, sha256))
        .or(() -> log.findCommitted(dataset, IngestLog.Match.SHA256, sha256, null));
  }

  /**
   * Uploads the Parquet file into the table and commits it; returns the prior commit instead when
   * the same content won a race.
   */
  Optional<IngestLog.Prior> commit(
      Table table, List<BatchValidator.AcceptedFile> accepted, IngestFunction.Attempt a, DataContract contract)
      throws Exception {
    List<DataFile> files = new ArrayList<>();
    for (int i = 0; i < accepted.size(); i++) {
      files.add(upload(table, accepted.get(i), a.batchId + (accepted.size() == 1 ? "" : "-" + i)));
    }
    beforeCommit.run();
    for (int attempt = 1; ; attempt++) {
      table.refresh();
      Optional<IngestLog.Prior> prior = inSnapshots(table, a.sha256);
      if (prior.isPresent()) {
        files.forEach(f -> table.io().deleteFile(f.location()));
        return prior;
      }
      AppendFiles append = table.newAppend();
      files.forEach(append::appendFile);
      append.set(IcegateTables.BATCH_ID, a.batchId)
          .set(IcegateTables.SOURCE_URI, a.sourceUri)
          .set(IcegateTables.SOURCE_SHA256, a.sha256)
          .set(IcegateTables.SOURCE_BYTES, String.valueOf(a.bytes))
          .set(IcegateTables.CONTRACT_ID, contract.id())
          .set(IcegateTables.CONTRACT_VERSION, contract.version())
          .set("icegate.rows-rejected", String.valueOf(a.rowsRejected))
          .set("icegate.format", a.format);
      if (a.etag != null) {
        append.set(IcegateTables.SOURCE_ETAG, a.etag);
      }
      try {
        append.commit();
        break;
      } catch (CommitStateUnknownException unknown) {
        table.refresh();
        if (bySummary(table, IcegateTables.BATCH_ID, a.batchId).isPresent()) {
          break;
        }
        LOG.warn("commit state unknown for batch {}, not found after refresh: retrying", a.batchId);
      } catch (CommitFailedException conflict) {
        if (attempt >= MAX_ATTEMPTS) {
          throw conflict;
        }
        Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 25)));
      }
    }
    Snapshot mine = bySummary(table, IcegateTables.BATCH_ID, a.batchId).orElseThrow();
    a.snapshotId = mine.snapshotId();
    a.phase("commit");
    return Optional.empty();
  }

  /**
   * Where the optimistic path writes a batch's file: straight into the table folder when that is
   * on the local filesystem (no copy at commit), else into the staging folder.
   */
  BatchValidator.Target target(Table table, Path work, String batchId) throws IOException {
    String location = table.locationProvider().newDataLocation(batchId + ".parquet");
    String path = location.startsWith("file://") ? location.substring("file://".length())
        : location.startsWith("file:") ? location.substring("file:".length()) : null;
    if (path == null || !path.startsWith("/")) {
      return new BatchValidator.Target(work.resolve("accepted.parquet"), null);
    }
    Path local = Path.of(path);
    Files.createDirectories(local.getParent());
    return new BatchValidator.Target(local, location);
  }

  private static DataFile upload(Table table, BatchValidator.AcceptedFile file, String name) throws Exception {
    if (file.location() != null) {
      return dataFile(table, file, table.io().newInputFile(file.location()));
    }
    String location = file.partition() == null
        ? table.locationProvider().newDataLocation(name + ".parquet")
        : table.locationProvider().newDataLocation(table.spec(), file.partition(), name + ".parquet");
    OutputFile out = table.io().newOutputFile(location);
    try (InputStream in = Files.newInputStream(file.path()); OutputStream os = out.createOrOverwrite()) {
      in.transferTo(os);
    }
    return dataFile(table, file, out.toInputFile());
  }

  private static DataFile dataFile(Table table, BatchValidator.AcceptedFile file, InputFile in) {
    return FieldIdParquet.dataFile(table, table.spec(), file.partition(), in);
  }

  private static Optional<IngestLog.Prior> inSnapshots(Table table, String sha256) {
    return bySummary(table, IcegateTables.SOURCE_SHA256, sha256)
        .map(s -> new IngestLog.Prior(s.summary().get(IcegateTables.BATCH_ID), s.snapshotId()));
  }

  /** The table's snapshot whose summary has {@code key} = {@code value}, while it is not expired. */
  static Optional<Snapshot> bySummary(Table table, String key, String value) {
    for (Snapshot s : table.snapshots()) {
      if (value.equals(s.summary().get(key))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
