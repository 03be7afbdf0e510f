package io.icegate.azure;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The worker's ExecutionContext as a test sees it: a logger whose messages are kept. */
final class TestContext implements ExecutionContext {
  private final String function;
  private final String invocationId = UUID.randomUUID().toString();
  private final Logger logger;
  final List<String> messages = new CopyOnWriteArrayList<>();

  TestContext(String function) {
    this.function = function;
    this.logger = Logger.getLogger("Function." + function + "." + invocationId);
    logger.setUseParentHandlers(false);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        messages.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  @Override
  public Logger getLogger() {
    return logger;
  }

  @Override
  public String getInvocationId() {
    return invocationId;
  }

  @Override
  public String getFunctionName() {
    return function;
  }
}
