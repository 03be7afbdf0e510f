package io.icegate.aws;

/**
 * Lambda entry point of the {@code maintainTables} function (snapshot expiry with tags retained,
 * orphan files): a schedule's event or plain JSON in, bound to the bean's own request type.
 */
public final class MaintainTablesHandler extends JsonFunctionHandler {

  /** The bean's name (IcegateFunctions.MAINTAIN_TABLES once the maintenance work is merged). */
  static final String BEAN = "maintainTables";

  /** Lambda's constructor: the container's shared runtime. */
  public MaintainTablesHandler() {
    this(LambdaRuntime.shared());
  }

  /** A handler over {@code runtime}'s {@code maintainTables} bean. */
  public MaintainTablesHandler(LambdaRuntime runtime) {
    super(runtime, BEAN, "MaintainTablesHandler");
  }
}
