package io.icegate.local;

import io.icegate.gate.GatePolicy;
import io.icegate.gate.PolicyException;
import io.icegate.gate.PolicyParser;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.shadow.ShadowPolicy;
import io.icegate.yaml.YamlProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate policies}: validate, store and show the gate policy of a model. */
@Command(name = "policies", description = "Validate, store and show gate policies (config/policies/<model>.yaml).")
final class PoliciesCommand {

  @Spec CommandSpec spec;

  /**
   * The JSON answer of {@code check}.
   *
   * @param valid no problems
   * @param file the file as given
   * @param version the policy's version when valid
   * @param problems every problem found
   * @param policy the parsed policy when valid
   */
  record Check(boolean valid, String file, String version, List<YamlProblem> problems, GatePolicy policy) {}

  @Command(name = "check", description = "Validate a policy file; lists every problem as file:line:col path: message.")
  int check(@Parameters(paramLabel = "POLICY", description = "gate policy (YAML)") Path file,
      @Option(names = {"-m", "--model"}, paramLabel = "NAME", description = "model it is for (default: the file name)")
      String model) throws Exception {
    Output out = IcegateCli.output(spec);
    String yaml = Args.readText(spec, file);
    String name = model != null ? model : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    GatePolicy policy = null;
    List<YamlProblem> problems = List.of();
    try {
      policy = PolicyParser.parse(name, yaml, file.toString());
    } catch (PolicyException e) {
      problems = e.problems();
    }
    if (out.json()) {
      out.json(new Check(policy != null, file.toString(), policy == null ? null : policy.version(), problems, policy));
    } else if (policy != null) {
      out.line("%s: valid (policy version %s)", file, policy.version());
      summary(out, policy);
    } else {
      problems.forEach(p -> out.line(p.describe(file.toString())));
      out.line("%s: %d problem%s", file, problems.size(), problems.size() == 1 ? "" : "s");
    }
    return policy != null ? ExitCode.OK : ExitCode.SOFTWARE;
  }

  @Command(name = "put", description = {
      "Validate a policy and store it as config/policies/<model>.yaml.",
      "Every gate and promotion of the model applies it. Changed rules need a new 'version': decisions record"
          + " the version they applied."})
  int put(@Parameters(paramLabel = "POLICY", description = "gate policy (YAML)") Path file,
      @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME", description = "model it governs")
      String model) throws Exception {
    Output out = IcegateCli.output(spec);
    String yaml = Args.readText(spec, file);
    Args.name(spec, "model", model);
    try (LocalIcegate icegate = LocalIcegate.open(IcegateCli.of(spec).home())) {
      PolicyStore.Put put = new PolicyStore(icegate.store()).put(model, yaml, file.toString());
      if (out.json()) {
        out.json(put);
      } else if (!put.problems().isEmpty()) {
        put.problems().forEach(p -> out.line(p.describe(file.toString())));
        out.line("refused: the policy has %d problem%s; nothing stored", put.problems().size(),
            put.problems().size() == 1 ? "" : "s");
      } else if (put.refusal() != null) {
        out.line("refused: %s", put.refusal());
      } else {
        if (put.unchanged()) {
          out.line("policy version %s for model %s is already in force, unchanged", put.version(), model);
        } else {
          out.line("stored policy version %s for model %s%s", put.version(), model,
              put.previousVersion() == null ? "" : " (replaces version " + put.previousVersion() + ")");
        }
        out.line("  %s", put.path());
        summary(out, put.policy());
      }
      return put.stored() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  @Command(name = "show", description = "Print the policy stored for a model.")
  int show(@Parameters(paramLabel = "MODEL") String model) throws Exception {
    Output out = IcegateCli.output(spec);
    Args.name(spec, "model", model);
    try (LocalIcegate icegate = LocalIcegate.open(IcegateCli.of(spec).home())) {
      Optional<String> text = new PolicyStore(icegate.store()).text(model);
      if (text.isEmpty()) {
        out.err().println("icegate: no policy stored for model '" + model + "'");
        return ExitCode.SOFTWARE;
      }
      if (out.json()) {
        out.json(Map.of("model", model, "policy", text.get()));
      } else {
        out.out().print(text.get());
        out.out().flush();
      }
      return ExitCode.OK;
    }
  }

  /** What a policy checks, in a few lines. */
  private static void summary(Output out, GatePolicy p) {
    GatePolicy.Evaluation e = p.evaluation();
    out.line("  task        %s, labels %s joined on %s, at least %d rows, baseline = alias '%s'",
        p.task().name().toLowerCase(Locale.ROOT), e.label(), e.id(), e.minSamples(), e.baselineAlias());
    for (GatePolicy.MetricRule m : p.metrics()) {
      out.line("  metric      %s%s%s%s%s", m.metric(), part(" threshold ", m.threshold()),
          part(", min absolute change ", m.minAbsoluteChange()), part(", min relative change ", m.minRelativeChange()),
          part(", non-inferiority margin ", m.nonInferiorityMargin()));
    }
    for (GatePolicy.SliceRule s : p.slices()) {
      out.line("  slice       %s by %s%s%s (slices of %d+ rows)", s.metric(), s.column(), part(", minimum ", s.minimum()),
          part(", max regression ", s.maxRegression()), s.minSamples());
    }
    out.line("  bootstrap   %d resamples, %.0f%% interval, seed %d", p.bootstrap().resamples(),
        p.bootstrap().confidence() * 100, p.bootstrap().seed());
    out.line("  promotion   %s%s", p.promotion().requireGate() ? "needs a passing gate" : "needs no gate",
        p.promotion().requireShadow() ? " and a passing shadow/canary comparison" : "");
    if (p.shadow() != null) {
      ShadowPolicy s = p.shadow();
      out.line("  shadow      %d+ requests per variant%s%s%s%s", s.minRequests(), part(", agreement >= ", s.minAgreement()),
          part(", PSI <= ", s.maxPsi()), part(", Jensen-Shannon <= ", s.maxJs()),
          s.maxMetricDrop() == null ? "" : ", metric drop <= " + s.maxMetricDrop() + " on " + s.minLabelled()
              + "+ labelled requests");
    }
  }

  private static String part(String label, Double value) {
    return value == null ? "" : label + value;
  }
}
