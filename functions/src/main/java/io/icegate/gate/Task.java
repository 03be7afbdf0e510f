package io.icegate.gate;

/** The kind of model a metric evaluates. */
public enum Task {
  BINARY,
  MULTICLASS,
  REGRESSION
}
