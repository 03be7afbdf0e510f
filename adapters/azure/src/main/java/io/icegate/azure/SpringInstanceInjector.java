package io.icegate.azure;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

/**
 * Hands the Functions worker its handler instances from the worker's Spring context, so every
 * invocation reuses the same catalog, store and engine. Registered in META-INF/services.
 */
public final class SpringInstanceInjector implements FunctionInstanceInjector {

  @Override
  public <T> T getInstance(Class<T> functionClass) {
    return AzureRuntime.shared().bean(functionClass);
  }
}
