package io.icegate.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.icegate.contract.ContractException;
import io.icegate.contract.ContractParser;
import io.icegate.contract.DataContract;
import io.icegate.contract.IcegateOptions;
import io.icegate.contract.SchemaObject;
import io.icegate.engine.DuckEngine;
import io.icegate.observe.Correlation;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.ContractSchemas;
import io.icegate.table.IcegateTables;
import io.icegate.table.SchemaEvolution;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ingest} function: one landed object becomes one Iceberg snapshot with lineage, or a
 * quarantine folder with a report. Whatever happens, the object leaves landing only after its
 * rows are committed or its quarantine copy is durable. Column profiles are the follow-up
 * {@link ProfileBatches}' work: the rows are visible without waiting for them.
 */
public final class IngestFunction implements Function<ObjectCreated, IngestReport> {

  /** Uploads arrive under this prefix, one folder per dataset. */
  public static final String LANDING = "landing/";
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  /** Why a dataset name is refused (it names a table and a folder), or null when it is fine. */
  public static String datasetNameProblem(String dataset) {
    return DATASET.matcher(dataset).matches() ? null
        : "dataset name '" + dataset + "' must match " + DATASET.pattern();
  }
  private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);

  private final ObjectStore store;
  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Clock clock;
  private final IngestLimits limits;
  private final IngestLog log;
  private final DatasetCommitter committer;
  private final ObjectMapper json = Json.MAPPER;

  public IngestFunction(
      ObjectStore store, IcegateTables tables, DuckEngine engine, Clock clock, IngestLimits limits) {
    this.store = store;
    this.tables = tables;
    this.engine = engine;
    this.clock = clock;
    this.limits = limits;
    this.log = new IngestLog(tables);
    this.committer = new DatasetCommitter(tables, log);
  }

  /** Runs {@code hook} once the data file is in the table folder, before the commit (fault tests). */
  IngestFunction beforeCommit(Runnable hook) {
    committer.beforeCommit = hook;
    return this;
  }

  /** Where a dataset's contract lives in the object store. */
  public static ObjectKey contractKey(String dataset) {
    return ObjectKey.of("config/contracts/" + dataset + ".yaml");
  }

  @Override
  public IngestReport apply(ObjectCreated event) {
    Attempt a = new Attempt(BatchIds.next(clock), clock.instant());
    a.key = event.key();
    try (Correlation batch = Correlation.with(Correlation.BATCH_ID, a.batchId);
        Correlation object = Correlation.with(Correlation.OBJECT_KEY, event.key())) {
      IngestReport r = apply(event, a);
      // one line per upload for whoever is on call; the report has the details
      LOG.info("ingest {} {}: {} rows in, {} accepted, {} rejected{}", r.status().json(), r.key(), r.rowsIn(),
          r.rowsAccepted(), r.rowsRejected(), r.reasons().isEmpty() ? "" : "; " + r.reasons().get(0));
      return r;
    }
  }

  private IngestReport apply(ObjectCreated event, Attempt a) {
    try {
      ObjectKey key = landingKey(event.key(), a);
      if (key == null) {
        return a.finish(IngestStatus.FAILED, clock);
      }
      a.sourceUri = store.uri(key).toString();
      Optional<ObjectInfo> info = store.stat(key);
      if (info.isEmpty()) {
        // a redelivered event for an object that was already processed and moved on
        return log.findCommitted(a.dataset, IngestLog.Match.KEY_AND_ETAG, event.key(), event.etag())
            .map(prior -> duplicate(a, prior))
            // a redelivery (Lambda retry, SQS) of an upload that went to quarantine ends the same way
            .or(() -> log.findQuarantined(a.dataset, event.key(), event.etag()).map(prior -> {
              a.duplicateOf = prior.batchId();
              a.reasons.add("already quarantined by batch " + prior.batchId() + "; nothing written");
              return a.finish(IngestStatus.QUARANTINED, clock);
            }))
            .orElseGet(() -> {
              a.reasons.add("object " + event.key() + " does not exist (deleted, or processed by an earlier delivery)");
              return a.finish(IngestStatus.FAILED, clock);
            });
      }
      a.etag = info.get().etag();
      return ingest(key, a);
    } catch (Exception e) {
      LOG.warn("ingest of {} failed (batch {}): {}", event.key(), a.batchId, e.toString(), e);
      a.reasons.add("internal error, the upload stays in landing for a retry: " + e);
      IngestReport failed = a.finish(IngestStatus.FAILED, clock);
      log.recordQuietly(failed);
      return failed;
    }
  }

  private IngestReport ingest(ObjectKey key, Attempt a) throws Exception {
    Path work = Files.createTempDirectory(engine.tempDir(), "batch-" + a.batchId + "-");
    try {
      Staging.Staged staged;
      try {
        staged = new Staging(limits.maxExpandedBytes(), limits.maxExpansionRatio()).stage(store, key, work);
      } catch (Staging.BadUpload bad) {
        a.reasons.add(bad.getMessage());
        return quarantine(key, a, null, null);
      }
      a.bytes = staged.bytes();
      a.phase("stage");
      // a linked upload is hashed while the checks below run: every outcome first asks whether the
      // same content was committed before, and then it is a duplicate whatever the checks said
      Optional<SourceFormat> format = SourceFormat.fromName(key.fileName());
      if (format.isEmpty()) {
        a.reasons.add("unsupported file type '" + key.fileName() + "': expected .csv, .jsonl/.ndjson/.json"
            + " or .parquet, optionally .gz");
        return refuse(key, a, staged);
      }
      a.format = format.get().shortName() + (staged.gzip() ? "+gzip" : "");
      DataContract contract = loadContract(a);
      if (contract == null) {
        return refuse(key, a, staged);
      }
      SchemaObject object = contract.objectFor(a.dataset).orElse(null);
      if (object == null) {
        a.reasons.add("contract " + contract.id() + " has no schema object named '" + a.dataset + "'");
        return refuse(key, a, staged);
      }
      Table table;
      try {
        table = tableFor(a.dataset, object, contract.options().partitioning());
      } catch (SchemaEvolution.IncompatibleSchemaException | IllegalArgumentException | ValidationException e) {
        a.reasons.add(e.getMessage());
        return refuse(key, a, staged);
      }
      try (Connection c = engine.open()) {
        BatchValidator v = new BatchValidator(c, work, limits.maxLineBytes(),
            table.spec().isUnpartitioned() ? committer.target(table, work, a.batchId) : null);
        BatchValidator.Result r = v.validate(format.get(), staged.data(), object, contract.options(),
            table.schema(), clock.instant());
        a.phase("validate");
        Optional<IngestLog.Prior> prior = priorCommit(a, staged);
        a.phase("hash");
        if (prior.isPresent()) {
          v.discardAccepted();
          return duplicateUpload(key, a, prior.get());
        }
        a.rowsIn = r.rowsIn();
        a.checks.addAll(r.checks());
        a.rejectedByReason.putAll(r.rejectedByReason());
        boolean rowsOk = r.rowsBad() == 0 || rowsModeAllows(contract.options(), r, a);
        if (r.rowsBad() > 0 && contract.options().rejectMode() == IcegateOptions.RejectMode.BATCH) {
          a.reasons.add(r.rowsBad() + " of " + r.rowsIn() + " records break the contract"
              + " (icegate.rejectMode batch: all or nothing)");
        }
        a.reasons.addAll(r.batchReasons());
        if (!rowsOk || !r.batchReasons().isEmpty()) {
          v.discardAccepted();
          return quarantine(key, a, v, work);
        }
        if (r.rowsRead() - r.rejectedRows() == 0) {
          v.discardAccepted();
          a.reasons.add(r.rowsIn() == 0 ? "no data rows (header only)" : "no row passed the contract");
          return quarantine(key, a, v, work);
        }
        List<BatchValidator.AcceptedFile> files;
        try {
          files = v.writeAccepted(work, table.schema(), table.spec());
        } catch (IllegalArgumentException e) {
          a.reasons.add(e.getMessage());
          return quarantine(key, a, v, work);
        }
        a.rowsAccepted = v.acceptedRows();
        a.rowsRejected = r.rowsBad();
        a.phase("write");
        Optional<IngestLog.Prior> raced = committer.commit(table, files, a, contract);
        if (raced.isPresent()) {
          return duplicateUpload(key, a, raced.get());
        }
        if (a.rowsRejected > 0) {
          writeQuarantine(key, a, v, work, false);
        }
        archive(key, a);
        a.phase("archive");
        // the log holds exactly the report the caller gets
        IngestReport report = a.finish(IngestStatus.COMMITTED, clock);
        log.record(report);
        return report;
      }
    } finally {
      deleteTree(work);
    }
  }

  /** The upload's hash, waited for, and the commit of the same content before, if there was one. */
  private Optional<IngestLog.Prior> priorCommit(Attempt a, Staging.Staged staged) throws IOException {
    a.sha256 = staged.sha256();
    return committer.findCommitted(a.dataset, a.sha256);
  }

  /** Quarantines an upload refused before validation, unless it is a duplicate. */
  private IngestReport refuse(ObjectKey key, Attempt a, Staging.Staged staged) throws Exception {
    Optional<IngestLog.Prior> prior = priorCommit(a, staged);
    if (prior.isPresent()) {
      a.reasons.clear();
      return duplicateUpload(key, a, prior.get());
    }
    return quarantine(key, a, null, null);
  }

  /** In rows mode, bad rows are split off while their share stays within the contract's limit. */
  private static boolean rowsModeAllows(IcegateOptions o, BatchValidator.Result r, Attempt a) {
    if (o.rejectMode() != IcegateOptions.RejectMode.ROWS) {
      return false;
    }
    double pct = 100.0 * r.rowsBad() / Math.max(1, r.rowsIn());
    if (pct > o.maxRejectedPercent()) {
      a.reasons.add(String.format(Locale.ROOT,
          "%d of %d records (%.2f%%) break the contract, more than icegate.maxRejectedPercent %s%%",
          r.rowsBad(), r.rowsIn(), pct, stripZeros(o.maxRejectedPercent())));
      return false;
    }
    return true;
  }

  private static String stripZeros(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** The validated landing key, with the attempt's dataset set; null (and a reason) when refused. */
  private ObjectKey landingKey(String raw, Attempt a) {
    ObjectKey key;
    try {
      key = ObjectKey.of(raw);
    } catch (ObjectKey.InvalidKeyException e) {
      a.reasons.add("refused: " + e.getMessage());
      return null;
    }
    String rest = key.value().startsWith(LANDING) ? key.value().substring(LANDING.length()) : null;
    int slash = rest == null ? -1 : rest.indexOf('/');
    if (slash <= 0) {
      a.reasons.add("refused: key '" + raw + "' is not under " + LANDING + "<dataset>/");
      return null;
    }
    String dataset = rest.substring(0, slash);
    String problem = datasetNameProblem(dataset);
    if (problem != null) {
      a.reasons.add("refused: " + problem);
      return null;
    }
    a.dataset = dataset;
    return key;
  }

  private DataContract loadContract(Attempt a) throws IOException {
    ObjectKey ck = contractKey(a.dataset);
    String text;
    try {
      text = new String(store.readAllBytes(ck), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      a.reasons.add("no contract for dataset '" + a.dataset + "': expected " + ck
          + " (store one with: icegate contracts put <contract.yaml>)");
      return null;
    }
    try {
      DataContract contract = ContractParser.parse(text, ck.value());
      a.contractId = contract.id();
      a.contractVersion = contract.version();
      return contract;
    } catch (ContractException e) {
      a.reasons.add("contract " + ck + " is invalid: " + e.getMessage());
      return null;
    }
  }

  private Table tableFor(String dataset, SchemaObject object, List<String> partitioning) {
    Optional<Table> existing = tables.dataset(dataset);
    if (existing.isPresent()) {
      return SchemaEvolution.evolve(existing.get(), object);
    }
    Schema schema = ContractSchemas.schemaFor(object);
    Table created = tables.createDataset(dataset, schema, ContractSchemas.partitionSpec(schema, partitioning));
    // a concurrent creator may have used an older contract version
    return SchemaEvolution.evolve(created, object);
  }

  private IngestReport duplicateUpload(ObjectKey key, Attempt a, IngestLog.Prior prior) throws IOException {
    a.rowsAccepted = 0;
    a.rowsRejected = 0;
    archive(key, a);
    IngestReport dup = duplicate(a, prior);
    log.record(dup);
    return dup;
  }

  private IngestReport duplicate(Attempt a, IngestLog.Prior prior) {
    a.snapshotId = prior.snapshotId();
    a.duplicateOf = prior.batchId();
    a.reasons.add("same content as batch " + prior.batchId() + " (snapshot " + prior.snapshotId() + "); nothing written");
    return a.finish(IngestStatus.DUPLICATE, clock);
  }

  private IngestReport quarantine(ObjectKey key, Attempt a, BatchValidator v, Path work) throws Exception {
    a.rowsAccepted = 0;
    a.rowsRejected = a.rowsIn;
    a.quarantine = writeQuarantine(key, a, v, work, true);
    store.delete(key);
    IngestReport report = a.finish(IngestStatus.QUARANTINED, clock);
    log.record(report);
    return report;
  }

  /**
   * Writes original, rejected rows and report.json under quarantine/<dataset>/<batch>/; the
   * report goes last, so its presence means the folder is complete.
   */
  private String writeQuarantine(ObjectKey key, Attempt a, BatchValidator v, Path work, boolean whole)
      throws Exception {
    String prefix = "quarantine/" + a.dataset + "/" + a.batchId + "/";
    store.copy(key, ObjectKey.of(prefix + "original/" + key.fileName()));
    if (v != null && work != null) {
      Path rejected = work.resolve("rejected.jsonl");
      v.writeRejected(rejected);
      if (Files.size(rejected) > 0) {
        store.put(ObjectKey.of(prefix + "rejected.jsonl"), rejected);
      }
    }
    a.quarantine = prefix;
    IngestReport snapshot = a.finish(whole ? IngestStatus.QUARANTINED : IngestStatus.COMMITTED, clock);
    store.put(ObjectKey.of(prefix + "report.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot));
    return prefix;
  }

  private void archive(ObjectKey key, Attempt a) throws IOException {
    ObjectKey target = ObjectKey.of("archive/" + a.dataset + "/" + a.batchId + "/" + key.fileName());
    store.move(key, target);
    a.archive = target.value();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not remove staging folder {}", dir, e);
    }
  }

  /** Mutable state of one attempt, frozen into an {@link IngestReport}. */
  static final class Attempt {
    final String batchId;
    final Instant startedAt;
    String dataset;
    String key;
    String sourceUri;
    String etag;
    String sha256;
    Long bytes;
    String format;
    long rowsIn;
    long rowsAccepted;
    long rowsRejected;
    Long snapshotId;
    String duplicateOf;
    String contractId;
    String contractVersion;
    final List<String> reasons = new ArrayList<>();
    final Map<String, Long> rejectedByReason = new LinkedHashMap<>();
    final List<CheckOutcome> checks = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    String quarantine;
    String archive;
    final Map<String, Long> timings = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();

    Attempt(String batchId, Instant startedAt) {
      this.batchId = batchId;
      this.startedAt = startedAt;
    }

    /** Records the time since the previous phase ended under {@code name}. */
    void phase(String name) {
      long now = System.nanoTime();
      timings.merge(name, (now - phaseStart) / 1_000_000, Long::sum);
      phaseStart = now;
    }

    IngestReport finish(IngestStatus status, Clock clock) {
      return new IngestReport(status, dataset, batchId, key, sourceUri, etag, sha256, bytes, format, rowsIn,
          rowsAccepted, rowsRejected, snapshotId, duplicateOf, contractId, contractVersion, reasons,
          rejectedByReason, checks, warnings, quarantine, archive, startedAt,
          clock.millis() - startedAt.toEpochMilli(), timings);
    }
  }
}
