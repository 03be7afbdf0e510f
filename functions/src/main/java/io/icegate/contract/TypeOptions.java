package io.icegate.contract;

/**
 * ODCS {@code logicalTypeOptions}. Bounds stay as the text the contract wrote: they are compared
 * in the column's own type (numbers, dates, timestamps), so the engine casts them.
 *
 * @param minimum inclusive lower bound, or null
 * @param maximum inclusive upper bound, or null
 * @param exclusiveMinimum exclusive lower bound, or null
 * @param exclusiveMaximum exclusive upper bound, or null
 * @param multipleOf numbers must be a multiple of this, or null
 * @param minLength minimum string length in characters, or null
 * @param maxLength maximum string length in characters, or null
 * @param pattern regular expression a string must match entirely, or null
 * @param format date/timestamp input format (strftime, as in DuckDB; the parser translates the JDK
 *     patterns ODCS specifies), or null for ISO 8601
 * @param timezone for timestamps: true stores with zone (UTC), false without; null means true
 */
public record TypeOptions(
    String minimum,
    String maximum,
    String exclusiveMinimum,
    String exclusiveMaximum,
    String multipleOf,
    Integer minLength,
    Integer maxLength,
    String pattern,
    String format,
    Boolean timezone) {

  /** No options. */
  public static final TypeOptions NONE =
      new TypeOptions(null, null, null, null, null, null, null, null, null, null);
}
