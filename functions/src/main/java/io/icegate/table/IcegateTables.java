package io.icegate.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * The tables icegate owns: datasets in a configurable namespace and system tables in
 * {@code icegate}. Creation is idempotent and safe when several instances race to create.
 */
public final class IcegateTables {

  /** Namespace of the system tables. */
  public static final Namespace SYSTEM = Namespace.of("icegate");

  /** Snapshot summary keys recording lineage on every dataset commit. */
  public static final String BATCH_ID = "icegate.batch-id";
  public static final String SOURCE_URI = "icegate.source-uri";
  public static final String SOURCE_ETAG = "icegate.source-etag";
  public static final String SOURCE_SHA256 = "icegate.source-sha256";
  public static final String SOURCE_BYTES = "icegate.source-bytes";
  public static final String CONTRACT_ID = "icegate.contract-id";
  public static final String CONTRACT_VERSION = "icegate.contract-version";

  /**
   * Registry writes detect conflicts per model from file statistics: exact bounds on {@code model}
   * (instead of the default 16-character truncation) keep models sharing a long prefix apart.
   * Every write is a small commit, so manifests are merged early to keep scan planning short.
   */
  private static final Map<String, String> MODEL_SCOPED = Map.of(
      TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + "model", "full",
      TableProperties.MANIFEST_MIN_MERGE_COUNT, "8");

  /**
   * The alert gate reads and conflict-checks one model's dedupe key at a time: exact bounds on both
   * columns let file statistics tell keys apart (see {@link #MODEL_SCOPED}).
   */
  private static final Map<String, String> KEY_SCOPED = Map.of(
      TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + "model", "full",
      TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + "dedupe_key", "full",
      TableProperties.MANIFEST_MIN_MERGE_COUNT, "8");

  private final Catalog catalog;
  private final Namespace datasets;

  public IcegateTables(Catalog catalog, String datasetNamespace) {
    this.catalog = catalog;
    this.datasets = Namespace.of(datasetNamespace);
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Namespace of the dataset tables. */
  public Namespace datasets() {
    return datasets;
  }

  /** Identifier of a dataset's table. */
  public TableIdentifier datasetId(String dataset) {
    return TableIdentifier.of(datasets, dataset);
  }

  /** The dataset's table if it exists. */
  public java.util.Optional<Table> dataset(String dataset) {
    try {
      return java.util.Optional.of(catalog.loadTable(datasetId(dataset)));
    } catch (NoSuchTableException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Creates a dataset table, or loads it when another writer created it first. Commits are retried
   * by the ingest itself (it re-checks for duplicates between attempts), so Iceberg's own retry is
   * off.
   */
  public Table createDataset(String dataset, Schema schema, PartitionSpec spec) {
    return createOrLoad(datasetId(dataset), schema, spec, Map.of(
        TableProperties.COMMIT_NUM_RETRIES, "0"));
  }

  /** The ingest log: one row per upload, whatever its outcome. */
  public Table ingestLog() {
    return system("ingest_log", SystemSchemas.INGEST_LOG);
  }

  /** Every table of a namespace, by name; none while the namespace does not exist. */
  public List<TableIdentifier> list(Namespace namespace) {
    try {
      return catalog.listTables(namespace).stream().sorted(Comparator.comparing(TableIdentifier::name)).toList();
    } catch (NoSuchNamespaceException e) {
      return List.of();
    }
  }

  /** The ids of a dataset's batches that have profiles. */
  public Set<String> profiledBatches(String dataset) {
    Set<String> out = new HashSet<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(profiles()).select("dataset", "batch_id")
        .where(Expressions.equal("dataset", dataset)).build()) {
      for (Record r : rows) {
        if (dataset.equals(r.getField("dataset"))) { // the filter prunes files; rows are checked here
          out.add((String) r.getField("batch_id"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Mergeable column profiles per accepted batch. */
  public Table profiles() {
    return system("profiles", SystemSchemas.PROFILES);
  }

  /** Every gate decision, passed or failed. */
  public Table gateDecisions() {
    return system("gate_decisions", SystemSchemas.GATE_DECISIONS);
  }

  /** Shadow/canary comparisons on the inference log, one row each. */
  public Table shadowComparisons() {
    return system("shadow_comparisons", SystemSchemas.SHADOW_COMPARISONS);
  }

  /** Drift scan results: one row per tested column and one per dataset verdict. */
  public Table driftResults() {
    return system("drift_results", SystemSchemas.DRIFT_RESULTS, MODEL_SCOPED);
  }

  /** Registered model versions, one file per version. */
  public Table modelVersions() {
    return system("model_versions", SystemSchemas.MODEL_VERSIONS, MODEL_SCOPED);
  }

  /** The registry's append-only audit log, one file per event. */
  public Table registryEvents() {
    return system("registry_events", SystemSchemas.REGISTRY_EVENTS, MODEL_SCOPED);
  }

  /** Every decision of the alert gate (fired, suppressed, undelivered). */
  public Table alertLog() {
    return system("alert_log", SystemSchemas.ALERT_LOG, KEY_SCOPED);
  }

  /** Every delivery of an alert or retrain trigger, with its attempts. */
  public Table deliveries() {
    return system("deliveries", SystemSchemas.DELIVERIES, KEY_SCOPED);
  }

  /** Predictions the review queue handed out, per model and UTC day (the daily budget). */
  public Table reviewAssignments() {
    return system("review_assignments", SystemSchemas.REVIEW_ASSIGNMENTS, MODEL_SCOPED);
  }

  private Table system(String name, Schema schema) {
    return system(name, schema, Map.of());
  }

  private Table system(String name, Schema schema, Map<String, String> properties) {
    TableIdentifier id = TableIdentifier.of(SYSTEM, name);
    try {
      return catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      // many writers append small rows here at once: retry often and quickly
      Map<String, String> all = new HashMap<>(properties);
      all.put(TableProperties.COMMIT_NUM_RETRIES, "50");
      all.put(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "10");
      all.put(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "1000");
      return createOrLoad(id, schema, PartitionSpec.unpartitioned(), all);
    }
  }

  private Table createOrLoad(TableIdentifier id, Schema schema, PartitionSpec spec, Map<String, String> extra) {
    ensureNamespace(id.namespace());
    try {
      return catalog.buildTable(id, schema)
          .withPartitionSpec(spec)
          .withProperty(TableProperties.FORMAT_VERSION, "2")
          .withProperty(TableProperties.PARQUET_COMPRESSION, "zstd")
          // one snapshot per upload: keep the metadata folder from growing without bound
          .withProperty(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true")
          .withProperty(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "50")
          .withProperties(extra)
          .create();
    } catch (RuntimeException raced) {
      // JdbcCatalog reports a lost creation race as AlreadyExists or as a key violation
      if (catalog.tableExists(id)) {
        return catalog.loadTable(id);
      }
      throw raced;
    }
  }

  private void ensureNamespace(Namespace ns) {
    if (catalog instanceof SupportsNamespaces n && !n.namespaceExists(ns)) {
      try {
        n.createNamespace(ns);
      } catch (RuntimeException raced) {
        // a concurrent writer created it first (AlreadyExists, or a key violation on JDBC)
        if (!n.namespaceExists(ns)) {
          throw raced;
        }
      }
    }
  }

  /** Writes records as one Parquet file and appends it as one snapshot (Iceberg retries conflicts). */
  public static DataFile append(Table table, List<Record> rows, Map<String, String> summary) {
    DataFile file = write(table, rows);
    AppendFiles append = table.newAppend().appendFile(file);
    summary.forEach(append::set);
    append.commit();
    return file;
  }

  /** Writes records as one Parquet data file of the table, not yet committed. */
  public static DataFile write(Table table, List<Record> rows) {
    OutputFile out = table.io().newOutputFile(
        table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet"));
    DataWriter<Record> writer;
    try {
      writer = Parquet.writeData(out)
          .forTable(table)
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }
}
