package io.icegate.contract;

import java.util.List;

/**
 * An ODCS {@code quality} rule that icegate executes: a library metric or a SQL query, compared
 * with one operator. {@code text} rules are kept for reports but not executed.
 *
 * @param id rule id or name from the contract (generated from the position when absent)
 * @param type library, sql or text
 * @param metric library metric; null for sql and text rules
 * @param property the property a property-level rule belongs to, null for table-level rules
 * @param validValues invalidValues: the allowed values, or empty
 * @param pattern invalidValues: a regular expression valid values match entirely, or null
 * @param missingValues missingValues: the values that count as missing (null always does)
 * @param properties duplicateValues at table level: the column combination, or empty
 * @param query sql rules: the query, with {@code ${object}} / {@code ${property}} placeholders (the
 *     parser normalises the ODCS spellings {@code {object}}, {@code {table}}, {@code {property}},
 *     {@code {column}} and their {@code $}-prefixed forms to these two)
 * @param threshold the comparison the measured value must satisfy
 * @param unit rows or percent
 * @param severity error blocks the upload; warning and info are reported only
 * @param description free text from the contract, may be null
 * @param line line of the rule in the contract file
 */
public record QualityRule(
    String id,
    Type type,
    Metric metric,
    String property,
    List<String> validValues,
    String pattern,
    List<String> missingValues,
    List<String> properties,
    String query,
    Threshold threshold,
    Unit unit,
    Severity severity,
    String description,
    int line) {

  public QualityRule {
    validValues = validValues == null ? List.of() : List.copyOf(validValues);
    missingValues = missingValues == null ? List.of() : List.copyOf(missingValues);
    properties = properties == null ? List.of() : List.copyOf(properties);
    unit = unit == null ? Unit.ROWS : unit;
    severity = severity == null ? Severity.ERROR : severity;
  }

  /** ODCS rule types. */
  public enum Type { LIBRARY, SQL, TEXT }

  /** ODCS v3.1 library metrics. */
  public enum Metric {
    NULL_VALUES("nullValues"),
    MISSING_VALUES("missingValues"),
    INVALID_VALUES("invalidValues"),
    DUPLICATE_VALUES("duplicateValues"),
    ROW_COUNT("rowCount");

    private final String odcsName;

    Metric(String odcsName) {
      this.odcsName = odcsName;
    }

    public String odcsName() {
      return odcsName;
    }
  }

  /** Whether a count is compared as rows or as a percentage of the rows. */
  public enum Unit { ROWS, PERCENT }

  /** ODCS severity; only errors block. */
  public enum Severity { INFO, WARNING, ERROR }
}
