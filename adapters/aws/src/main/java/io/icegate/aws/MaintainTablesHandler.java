package io.icegate.aws;

import io.icegate.IcegateFunctions;

/**
 * Lambda entry point of the {@code maintainTables} function (compaction, snapshot expiry with tags
 * retained, orphan files): a schedule's event or plain JSON in, bound to MaintenanceRequest
 * (empty: every table, for real, with the defaults).
 */
public final class MaintainTablesHandler extends JsonFunctionHandler {

  /** Lambda's constructor: the container's shared runtime. */
  public MaintainTablesHandler() {
    this(LambdaRuntime.shared());
  }

  /** A handler over {@code runtime}'s {@code maintainTables} bean. */
  public MaintainTablesHandler(LambdaRuntime runtime) {
    super(runtime, IcegateFunctions.MAINTAIN_TABLES, "MaintainTablesHandler");
  }
}
