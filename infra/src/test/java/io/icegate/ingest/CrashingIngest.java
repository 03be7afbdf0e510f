package io.icegate.ingest;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;

/** Runs one ingest in a child JVM and halts it between the data file write and the commit. */
public final class CrashingIngest {
  public static void main(String[] args) throws Exception {
    LocalIcegate icegate = LocalIcegate.open(new IcegateHome(java.nio.file.Path.of(args[0])));
    icegate.ingest().beforeCommit(() -> Runtime.getRuntime().halt(137)).apply(ObjectCreated.of(args[1]));
    System.exit(0); // not reached: the hook kills the process
  }
}
