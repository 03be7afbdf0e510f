package io.icegate.local;

import io.icegate.feedback.FeedbackService;
import io.icegate.feedback.ReviewQueue;
import io.icegate.gate.GateService;
import io.icegate.gate.Promotions;
import io.icegate.monitor.DriftScans;
import io.icegate.registry.Registry;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.util.UUID;

/**
 * The registry, gate, promotion and feedback beans of a started home, and who asks: the local user owns the
 * home, so they act as {@code local:<user>} and hold the override permission.
 */
record Services(LocalRuntime runtime) implements AutoCloseable {

  /** Starts the home, with the spinner on a terminal. */
  static Services start(Output out, IcegateCli cli) throws Exception {
    return new Services(Progress.run(out, "starting icegate", () -> LocalRuntime.start(cli.home())));
  }

  Registry registry() {
    return runtime.context().getBean(Registry.class);
  }

  GateService gate() {
    return runtime.context().getBean(GateService.class);
  }

  Promotions promotions() {
    return runtime.context().getBean(Promotions.class);
  }

  FeedbackService feedback() {
    return runtime.context().getBean(FeedbackService.class);
  }

  ReviewQueue reviewQueue() {
    return runtime.context().getBean(ReviewQueue.class);
  }

  DriftScans drift() {
    return runtime.context().getBean(DriftScans.class);
  }

  ObjectStore store() {
    return runtime.icegate().store();
  }

  /** The actor the audit log records for the person at this shell. */
  static String actor() {
    return "local:" + System.getProperty("user.name", "unknown");
  }

  /** A fresh request id: every CLI call is one request. */
  static String requestId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public void close() throws IOException {
    runtime.close();
  }
}
