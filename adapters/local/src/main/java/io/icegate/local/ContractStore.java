package io.icegate.local;

import io.icegate.yaml.YamlProblem;
import io.icegate.contract.ContractException;
import io.icegate.contract.ContractParser;
import io.icegate.contract.DataContract;
import io.icegate.contract.SchemaObject;
import io.icegate.ingest.IngestFunction;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import io.icegate.table.SchemaEvolution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;

/** The contracts in a home's object store: stored only when valid and compatible with the table. */
final class ContractStore {
  private static final String PREFIX = "config/contracts/";
  private static final String SUFFIX = ".yaml";

  private final ObjectStore store;
  private final IcegateTables tables;

  ContractStore(ObjectStore store, IcegateTables tables) {
    this.store = store;
    this.tables = tables;
  }

  /**
   * The outcome of {@link #put}.
   *
   * @param stored whether the contract was written
   * @param dataset the dataset it governs
   * @param key where it is (or would be) stored
   * @param path the stored file on disk
   * @param contractId contract id
   * @param version contract version
   * @param previousVersion version of the contract it replaced, or null
   * @param table the dataset's table, or null before the first ingest creates it
   * @param changes schema changes the next ingest applies to the table
   * @param breaking why the contract was refused: changes that would break the table
   * @param problems why the contract was refused: validation problems
   */
  record Put(boolean stored, String dataset, String key, String path, String contractId, String version,
      String previousVersion, String table, List<String> changes, List<String> breaking,
      List<YamlProblem> problems) {}

  /**
   * One stored contract.
   *
   * @param dataset dataset name from the key
   * @param key object key
   * @param contractId id, null when the stored file is invalid
   * @param version version, null when invalid
   * @param problem why it does not parse, or null
   */
  record Stored(String dataset, String key, String contractId, String version, String problem) {}

  /**
   * Validates and stores a contract for a dataset.
   *
   * @param datasetOrNull the dataset; null means the contract's only schema object
   * @throws IllegalArgumentException when the dataset cannot be chosen or is not a valid name
   */
  Put put(String yaml, String source, String datasetOrNull) throws IOException {
    ContractCheck check = ContractCheck.of(yaml, source);
    if (!check.valid()) {
      return new Put(false, datasetOrNull, null, null, null, null, null, null, List.of(), List.of(),
          check.problems());
    }
    DataContract contract = check.contract();
    String dataset = datasetOrNull == null ? onlyObject(contract, source).name() : datasetOrNull;
    String problem = IngestFunction.datasetNameProblem(dataset);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    SchemaObject object = contract.objectFor(dataset).orElseThrow(() -> new IllegalArgumentException(
        source + " has no schema object named '" + dataset + "' (objects: " + names(contract) + ")"));
    ObjectKey key = IngestFunction.contractKey(dataset);
    Optional<Table> table = tables.dataset(dataset);
    SchemaEvolution evolution = table.map(t -> SchemaEvolution.compare(t.schema(), object))
        .orElse(new SchemaEvolution(List.of(), List.of()));
    String tableName = table.isPresent() ? tables.datasetId(dataset).toString() : null;
    boolean ok = evolution.breaking().isEmpty();
    String previous = ok ? stored(dataset).map(Stored::version).orElse(null) : null;
    if (ok) {
      store.put(key, yaml.getBytes(StandardCharsets.UTF_8));
    }
    return new Put(ok, dataset, key.value(), Landing.onDisk(store, key.value()), contract.id(), contract.version(),
        previous, tableName, evolution.changes(), evolution.breaking(), List.of());
  }

  /** All stored contracts, by dataset. */
  List<Stored> list() throws IOException {
    List<Stored> all = new ArrayList<>();
    for (ObjectInfo info : store.list(PREFIX)) {
      String name = info.key().value().substring(PREFIX.length());
      if (name.endsWith(SUFFIX) && !name.contains("/")) {
        all.add(describe(name.substring(0, name.length() - SUFFIX.length()), info.key()));
      }
    }
    return all;
  }

  /** The stored contract text of a dataset. */
  Optional<String> text(String dataset) throws IOException {
    try {
      return Optional.of(new String(store.readAllBytes(IngestFunction.contractKey(dataset)), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private Optional<Stored> stored(String dataset) throws IOException {
    return store.stat(IngestFunction.contractKey(dataset)).isPresent()
        ? Optional.of(describe(dataset, IngestFunction.contractKey(dataset)))
        : Optional.empty();
  }

  private Stored describe(String dataset, ObjectKey key) throws IOException {
    String text = new String(store.readAllBytes(key), StandardCharsets.UTF_8);
    try {
      DataContract c = ContractParser.parse(text, key.value());
      return new Stored(dataset, key.value(), c.id(), c.version(), null);
    } catch (ContractException e) {
      return new Stored(dataset, key.value(), null, null, e.problems().size() + " problem(s), first: "
          + e.problems().get(0).describe(key.value()));
    }
  }

  private static SchemaObject onlyObject(DataContract contract, String source) {
    if (contract.schema().size() != 1) {
      throw new IllegalArgumentException(source + " has " + contract.schema().size()
          + " schema objects (" + names(contract) + "): name the dataset with --dataset");
    }
    return contract.schema().get(0);
  }

  private static String names(DataContract contract) {
    return String.join(", ", contract.schema().stream().map(SchemaObject::name).toList());
  }
}
