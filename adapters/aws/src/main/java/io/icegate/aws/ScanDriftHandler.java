package io.icegate.aws;

import io.icegate.IcegateFunctions;

/**
 * Lambda entry point of the {@code scanDrift} function (drift scan over the policies' monitors): a schedule's event or plain JSON in,
 * bound to ScanRequest (empty: every monitor that is due).
 */
public final class ScanDriftHandler extends JsonFunctionHandler {

  /** Lambda's constructor: the container's shared runtime. */
  public ScanDriftHandler() {
    this(LambdaRuntime.shared());
  }

  /** A handler over {@code runtime}'s {@code scanDrift} bean. */
  public ScanDriftHandler(LambdaRuntime runtime) {
    super(runtime, IcegateFunctions.SCAN_DRIFT, "ScanDriftHandler");
  }
}
