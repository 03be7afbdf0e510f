package io.icegate.contract;

import java.util.List;

/**
 * One ODCS schema property (a column).
 *
 * @param name column name as it appears in uploads and in the table
 * @param logicalType ODCS logical type
 * @param physicalType optional ODCS physical type refining the storage type, e.g. {@code int},
 *     {@code float}, {@code decimal(12,2)}, {@code timestamp_ntz}; null when absent
 * @param required no nulls allowed
 * @param unique no duplicate non-null values within an upload
 * @param primaryKey part of the primary key (implies unique together with the other key columns)
 * @param partitionKeyPosition 1-based position in the partition spec when partitioned, else null
 * @param options ODCS {@code logicalTypeOptions}
 * @param quality property-level quality rules
 * @param line line of the property in the contract file, for messages
 */
public record Property(
    String name,
    LogicalType logicalType,
    String physicalType,
    boolean required,
    boolean unique,
    boolean primaryKey,
    Integer partitionKeyPosition,
    TypeOptions options,
    List<QualityRule> quality,
    int line) {

  public Property {
    quality = List.copyOf(quality);
    options = options == null ? TypeOptions.NONE : options;
  }
}
