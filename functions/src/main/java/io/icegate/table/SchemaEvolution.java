package io.icegate.table;

import io.icegate.contract.Property;
import io.icegate.contract.SchemaObject;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Compares a contract with a table's schema: adding optional columns, widening types and relaxing
 * required columns evolve the table; anything that would break existing rows or readers is
 * refused with a message naming the column.
 *
 * @param changes compatible changes, e.g. {@code add optional column tip_amount double}
 * @param breaking incompatible changes; non-empty means the contract cannot be applied
 */
public record SchemaEvolution(List<String> changes, List<String> breaking) {

  /** True when the table already matches the contract. */
  public boolean isEmpty() {
    return changes.isEmpty() && breaking.isEmpty();
  }

  /** Compares the table schema with the contract object. */
  public static SchemaEvolution compare(Schema current, SchemaObject contract) {
    List<String> changes = new ArrayList<>();
    List<String> breaking = new ArrayList<>();
    for (Property p : contract.properties()) {
      Type wanted = ContractSchemas.icebergType(p);
      Types.NestedField f = current.findField(p.name());
      if (f == null) {
        if (p.required()) {
          breaking.add("adds required column '" + p.name() + "': existing rows have no value"
              + " (add it as optional first)");
        } else {
          changes.add("add optional column '" + p.name() + "' " + wanted);
        }
        continue;
      }
      if (!f.type().equals(wanted)) {
        if (f.type().isPrimitiveType() && TypeUtil.isPromotionAllowed(f.type(), wanted.asPrimitiveType())) {
          changes.add("widen column '" + p.name() + "' from " + f.type() + " to " + wanted);
        } else {
          breaking.add("changes column '" + p.name() + "' from " + f.type() + " to " + wanted
              + " (only widening int->long, float->double and decimal precision is compatible)");
        }
      }
      if (f.isOptional() && p.required()) {
        breaking.add("makes column '" + p.name() + "' required (optional -> required): existing rows"
            + " may hold nulls");
      } else if (f.isRequired() && !p.required()) {
        changes.add("make column '" + p.name() + "' optional");
      }
    }
    for (Types.NestedField f : current.columns()) {
      if (contract.property(f.name()).isEmpty()) {
        breaking.add("drops column '" + f.name() + "' (keep it in the contract as optional)");
      }
    }
    return new SchemaEvolution(List.copyOf(changes), List.copyOf(breaking));
  }

  /**
   * Brings the table to the contract's schema in one schema commit, retrying when another writer
   * changed the table meanwhile.
   *
   * @throws IncompatibleSchemaException when the contract would break the table
   */
  public static Table evolve(Table table, SchemaObject contract) {
    for (int attempt = 1; ; attempt++) {
      table.refresh();
      SchemaEvolution e = compare(table.schema(), contract);
      if (!e.breaking().isEmpty()) {
        throw new IncompatibleSchemaException(table.name(), e.breaking());
      }
      if (e.changes().isEmpty()) {
        return table;
      }
      UpdateSchema update = table.updateSchema();
      for (Property p : contract.properties()) {
        Type wanted = ContractSchemas.icebergType(p);
        Types.NestedField f = table.schema().findField(p.name());
        if (f == null) {
          update.addColumn(p.name(), wanted);
        } else {
          if (!f.type().equals(wanted)) {
            update.updateColumn(p.name(), wanted.asPrimitiveType());
          }
          if (f.isRequired() && !p.required()) {
            update.makeColumnOptional(p.name());
          }
        }
      }
      try {
        update.commit();
        return table;
      } catch (CommitFailedException conflict) {
        if (attempt >= 10) {
          throw conflict;
        }
      }
    }
  }

  /** A contract change that would break existing rows or readers. */
  public static final class IncompatibleSchemaException extends RuntimeException {
    private final List<String> problems;

    public IncompatibleSchemaException(String table, List<String> problems) {
      super("contract is incompatible with table " + table + ": " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
