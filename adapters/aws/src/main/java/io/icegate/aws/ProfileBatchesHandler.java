package io.icegate.aws;

import io.icegate.IcegateFunctions;

/**
 * Lambda entry point of the {@code profileBatches} function, ingest's follow-up, as a schedule's
 * catch-up: a schedule's event or plain JSON in, bound to ProfileRequest (empty: every committed
 * batch without profiles, e.g. one whose ingest invocation timed out after the commit).
 */
public final class ProfileBatchesHandler extends JsonFunctionHandler {

  /** Lambda's constructor: the container's shared runtime. */
  public ProfileBatchesHandler() {
    this(LambdaRuntime.shared());
  }

  /** A handler over {@code runtime}'s {@code profileBatches} bean. */
  public ProfileBatchesHandler(LambdaRuntime runtime) {
    super(runtime, IcegateFunctions.PROFILE_BATCHES, "ProfileBatchesHandler");
  }
}
