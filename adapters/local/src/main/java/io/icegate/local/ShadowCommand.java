package io.icegate.local;

import io.icegate.gate.ShadowRequest;
import io.icegate.shadow.RuleResult;
import io.icegate.shadow.ShadowFigures;
import io.icegate.shadow.ShadowResult;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate shadow}: compares a shadow or canary variant with production on the inference log. */
@Command(name = "shadow", description = {
    "Compare a shadow or canary variant with production on the inference log.",
    "Reads dataset 'predictions' over [--from, --to) and applies the limits of the model's policy: request"
        + " counts, agreement, PSI, Jensen-Shannon and the metric difference where feedback labels exist. The"
        + " result is recorded; it is the evidence promotion needs when the policy requires a shadow comparison.",
    "Exit code 0 when it PASSED, 1 when it FAILED. --json prints the ShadowResult."})
final class ShadowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "model name")
  String model;

  @Option(names = "--variant", required = true, paramLabel = "NAME", description = "shadow or canary variant")
  String variant;

  @Option(names = "--baseline", paramLabel = "NAME", description = "baseline variant (default: production)")
  String baseline;

  @Option(names = "--from", required = true, paramLabel = "TIME", description = "window start, e.g. 2025-01-31T00:00:00Z")
  Instant from;

  @Option(names = "--to", required = true, paramLabel = "TIME", description = "window end (exclusive)")
  Instant to;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    Args.name(spec, "model", model);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      ShadowRequest request = new ShadowRequest(model, variant, baseline, from, to);
      ShadowResult r = Progress.run(out, "comparing " + variant + " of " + model,
          () -> services.gate().compareShadow(Services.actor(), request));
      if (out.json()) {
        out.json(r);
      } else {
        print(out, r);
      }
      return r.passed() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  private static void print(Output out, ShadowResult r) {
    ShadowFigures f = r.figures();
    out.line("%s: %s vs %s over [%s, %s): %s (%s)", r.model(), r.variant(), r.baselineVariant(), r.from(), r.to(),
        r.passed() ? "PASSED" : "FAILED", r.mode().json());
    out.line("  requests    %s %d%s, %s %d%s, %d paired", r.baselineVariant(), f.baselineRequests(),
        version(r.baselineVersion()), r.variant(), f.variantRequests(), version(r.variantVersion()), f.pairedRequests());
    if (f.agreement() != null) {
      out.line("  agreement   %s", GateText.num(f.agreement()));
    }
    if (f.psi() != null) {
      out.line("  scores      PSI %s, Jensen-Shannon %s (%d bins)", GateText.num(f.psi()), GateText.num(f.js()), f.bins());
    }
    if (f.baselineMetric() != null && f.variantMetric() != null) {
      out.line("  %-11s %s %s, %s %s (drop %s; %d and %d labelled)", f.metric(), r.baselineVariant(),
          GateText.num(f.baselineMetric()), r.variant(), GateText.num(f.variantMetric()),
          f.metricDrop() == null ? "-" : GateText.signed(f.metricDrop()), f.baselineLabelled(), f.variantLabelled());
    }
    out.line("  rules");
    for (RuleResult rule : r.rules()) {
      out.line("    %-4s  %-22s %s%s%s", switch (rule.outcome()) {
        case PASS -> "pass";
        case FAIL -> "FAIL";
        case NOT_APPLICABLE -> "n/a";
      }, rule.rule(), value(rule, rule.observed()),
          rule.limit() == null ? "" : " (limit " + value(rule, rule.limit()) + ")",
          rule.reason() == null ? "" : ": " + rule.reason());
    }
    out.line("  comparison  %s", r.comparisonId());
  }

  /** Request counts read as counts, the other figures with four decimals. */
  private static String value(RuleResult rule, Double v) {
    if (v == null) {
      return "-";
    }
    return rule.rule().startsWith("min_") ? String.format(Locale.ROOT, "%.0f", v) : GateText.num(v);
  }

  private static String version(Long v) {
    return v == null ? "" : " (version " + v + ")";
  }
}
