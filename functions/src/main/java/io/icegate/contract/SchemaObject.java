package io.icegate.contract;

import java.util.List;
import java.util.Optional;

/** One ODCS schema object (a table): its properties (columns) and table-level quality rules. */
public record SchemaObject(
    String name, String physicalName, List<Property> properties, List<QualityRule> quality, int line) {

  public SchemaObject {
    properties = List.copyOf(properties);
    quality = List.copyOf(quality);
  }

  /** The property with this name. */
  public Optional<Property> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
