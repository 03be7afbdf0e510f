package io.icegate.drift;

/** How a column's values are compared: Evidently's ColumnType Numerical or Categorical. */
public enum FeatureType {
  /** Ordered numbers (integers, decimals, timestamps as numbers). */
  NUMERICAL,
  /** Labels compared by value (strings, booleans, codes). */
  CATEGORICAL
}
