package io.icegate.contract;

import java.util.List;
import java.util.Optional;

/**
 * An Open Data Contract Standard v3 contract, reduced to what icegate enforces.
 *
 * @param apiVersion ODCS version the document declares, e.g. {@code v3.1.0}
 * @param id contract id (stable across versions)
 * @param name human name, may be null
 * @param version contract version, e.g. {@code 1.2.0}
 * @param status e.g. {@code active}, may be null
 * @param schema the schema objects (tables); icegate ingests one per dataset
 * @param options icegate extensions read from {@code customProperties}
 */
public record DataContract(
    String apiVersion,
    String id,
    String name,
    String version,
    String status,
    List<SchemaObject> schema,
    IcegateOptions options) {

  public DataContract {
    schema = List.copyOf(schema);
  }

  /** The schema object a dataset is ingested into: the one named like it, or the only one. */
  public Optional<SchemaObject> objectFor(String dataset) {
    for (SchemaObject o : schema) {
      if (dataset.equals(o.name()) || dataset.equals(o.physicalName())) {
        return Optional.of(o);
      }
    }
    return schema.size() == 1 ? Optional.of(schema.get(0)) : Optional.empty();
  }
}
