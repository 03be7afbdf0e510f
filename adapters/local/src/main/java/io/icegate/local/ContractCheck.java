package io.icegate.local;

import io.icegate.yaml.YamlProblem;
import io.icegate.contract.ContractException;
import io.icegate.contract.ContractParser;
import io.icegate.contract.DataContract;
import io.icegate.contract.Property;
import io.icegate.contract.SchemaObject;
import io.icegate.table.ContractSchemas;
import java.util.ArrayList;
import org.apache.iceberg.Schema;
import org.apache.iceberg.exceptions.ValidationException;
import java.util.Comparator;
import java.util.List;

/**
 * A contract validated as ingest will enforce it: ODCS problems from the parser plus column types
 * that cannot become Iceberg columns.
 *
 * @param source how messages name the file
 * @param contract the parsed contract, null when it did not parse
 * @param problems everything wrong, in line order; empty when valid
 */
record ContractCheck(String source, DataContract contract, List<YamlProblem> problems) {

  /** Validates a contract document. */
  static ContractCheck of(String yaml, String source) {
    DataContract contract;
    try {
      contract = ContractParser.parse(yaml, source);
    } catch (ContractException e) {
      return new ContractCheck(source, null, e.problems());
    }
    List<YamlProblem> problems = new ArrayList<>();
    List<SchemaObject> objects = contract.schema();
    for (int i = 0; i < objects.size(); i++) {
      List<Property> properties = objects.get(i).properties();
      for (int j = 0; j < properties.size(); j++) {
        try {
          ContractSchemas.icebergType(properties.get(j));
        } catch (IllegalArgumentException e) {
          problems.add(new YamlProblem(properties.get(j).line(), 0,
              "schema[" + i + "].properties[" + j + "].physicalType", e.getMessage()));
        }
      }
      if (problems.isEmpty()) {
        try {
          // what table creation runs: catches schema-level conflicts and unsupported partitioning
          Schema schema = ContractSchemas.schemaFor(objects.get(i));
          ContractSchemas.partitionSpec(schema, contract.options().partitioning());
        } catch (IllegalArgumentException | ValidationException e) {
          problems.add(new YamlProblem(objects.get(i).line(), 0, "schema[" + i + "]", e.getMessage()));
        }
      }
    }
    problems.sort(Comparator.comparingInt(YamlProblem::line));
    return new ContractCheck(source, problems.isEmpty() ? contract : null, List.copyOf(problems));
  }

  boolean valid() {
    return problems.isEmpty();
  }

  /** Each problem as {@code file:line:col path: message}. */
  List<String> lines() {
    return problems.stream().map(p -> p.describe(source)).toList();
  }
}
