package io.icegate.aws;

import io.icegate.IcegateFunctions;

/**
 * Lambda entry point of the {@code compareShadow} function (shadow/canary comparison): a schedule's event or plain JSON in,
 * bound to ShadowRequest.
 */
public final class CompareShadowHandler extends JsonFunctionHandler {

  /** Lambda's constructor: the container's shared runtime. */
  public CompareShadowHandler() {
    this(LambdaRuntime.shared());
  }

  /** A handler over {@code runtime}'s {@code compareShadow} bean. */
  public CompareShadowHandler(LambdaRuntime runtime) {
    super(runtime, IcegateFunctions.COMPARE_SHADOW, "CompareShadowHandler");
  }
}
