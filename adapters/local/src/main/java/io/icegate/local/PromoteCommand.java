package io.icegate.local;

import io.icegate.registry.RegistryEvent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate promote}: points an alias at a version that passed the gate (or overrides, with a reason). */
@Command(name = "promote", description = {
    "Point an alias (production, staging, ...) at a version that passed the gate.",
    "Refused unless the version has a passing gate decision under the policy in force (and a passing shadow"
        + " comparison where the policy asks for one). --override skips that evidence, needs --reason and is"
        + " recorded as an override.",
    "--expect makes the move a compare-and-swap: refused (exit 1) when the alias points elsewhere.",
    "--json prints the RegistryEvent."})
final class PromoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "model name")
  String model;

  @Option(names = {"-a", "--alias"}, required = true, paramLabel = "ALIAS", description = "alias to move")
  String alias;

  @Option(names = {"-v", "--version"}, required = true, paramLabel = "N", description = "version to point it at")
  int version;

  @Option(names = "--expect", paramLabel = "unset|N", description = "where the alias must point now")
  String expect;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded in the audit log)")
  String reason;

  @Option(names = "--override", description = "promote without the gate's evidence (needs --reason)")
  boolean override;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    Args.name(spec, "model", model);
    Args.name(spec, "alias", alias);
    var expected = Args.expected(spec, expect);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      // the person at the shell owns the home, so they hold the override permission
      RegistryEvent e = services.promotions().promote(Services.actor(), true, model, alias, version, expected, reason,
          override, Services.requestId());
      if (out.json()) {
        out.json(e);
      } else {
        print(out, e);
      }
      return ExitCode.OK;
    }
  }

  /** An alias move in a few lines. */
  static void print(Output out, RegistryEvent e) {
    out.line("%s of %s -> version %d (%s)", e.alias(), e.model(), e.version(),
        e.fromVersion() == null ? "was unset" : e.fromVersion().equals(e.version()) ? "unchanged"
            : "was version " + e.fromVersion());
    out.line("  %-9s by %s at %s (event %d, %s)", e.action().json(), e.actor(), RegistryText.time(e.at()), e.seq(),
        e.eventId());
    if (e.reason() != null) {
      out.line("  reason    %s", e.reason());
    }
    if (e.details() != null && e.details().has("gateDecision")) {
      out.line("  evidence  gate decision %s under policy version %s", e.details().get("gateDecision").asText(),
          e.details().path("policyVersion").asText());
    }
    if (e.details() != null && e.details().has("shadowComparison")) {
      out.line("  evidence  shadow comparison %s", e.details().get("shadowComparison").asText());
    }
    if (e.details() != null && e.details().path("override").asBoolean()) {
      out.line("  OVERRIDE  no gate evidence was required");
    }
  }
}
