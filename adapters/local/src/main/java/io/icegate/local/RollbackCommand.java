package io.icegate.local;

import io.icegate.registry.RegistryEvent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate rollback}: moves an alias back to its previous target, as the audit log records it. */
@Command(name = "rollback", description = {
    "Move an alias back to its previous target, as the audit log records it.",
    "A second rollback goes one step further back. --expect N refuses (exit 1) unless the alias points at"
        + " version N now.",
    "--json prints the RegistryEvent."})
final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "model name")
  String model;

  @Option(names = {"-a", "--alias"}, required = true, paramLabel = "ALIAS", description = "alias to move back")
  String alias;

  @Option(names = "--expect", paramLabel = "N", description = "the version the alias must point at now")
  String expect;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded in the audit log)")
  String reason;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    Args.name(spec, "model", model);
    Args.name(spec, "alias", alias);
    var expected = Args.expected(spec, expect);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      RegistryEvent e = services.registry().rollback(Services.actor(), model, alias, expected, reason,
          Services.requestId());
      if (out.json()) {
        out.json(e);
      } else {
        PromoteCommand.print(out, e);
      }
      return ExitCode.OK;
    }
  }
}
