package io.icegate.infra.notify;

import java.time.Duration;

/** Waits between attempts; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the current thread. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
