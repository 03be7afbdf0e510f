package io.icegate.local;

import io.icegate.gate.GateDecision;
import io.icegate.registry.AliasState;
import io.icegate.registry.Lineage;
import io.icegate.registry.ModelSummary;
import io.icegate.registry.ModelVersion;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryEvent;
import io.icegate.shadow.ShadowResult;
import io.icegate.store.ObjectStore;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate models}: register versions and read the registry: models, versions, lineage, audit log. */
@Command(name = "models", description = "Register model versions; list models, show one, its lineage and audit log.",
    subcommands = ModelRegisterCommand.class)
final class ModelsCommand {
  /** Events {@code show} lists; {@code events} lists them all. */
  static final int RECENT_EVENTS = 10;

  @Spec CommandSpec spec;

  /**
   * A model as {@code show} prints it.
   *
   * @param model the name
   * @param versions every version, oldest first, with its artifact, training snapshot and commit
   * @param aliases every alias the model ever had, by name
   * @param gateDecisions its gate decisions, oldest first
   * @param shadowComparisons its shadow/canary comparisons, newest first
   * @param events how many audit events it has
   * @param recentEvents the latest of them, oldest first
   */
  record ModelView(String model, List<ModelVersion> versions, List<AliasState> aliases,
      List<DecisionView> gateDecisions, List<ShadowView> shadowComparisons, int events,
      List<RegistryEvent> recentEvents) {}

  /**
   * A gate decision at a glance ({@code icegate gate} prints it in full).
   *
   * @param decisionId its id
   * @param version the candidate
   * @param passed the verdict
   * @param policyVersion policy applied
   * @param dataset evaluation dataset
   * @param snapshotId pinned snapshot
   * @param baselineVersion baseline, or null
   * @param rows evaluation rows
   * @param failedChecks how many checks failed
   * @param reportKey object key of the HTML report
   * @param report the report as a local file
   * @param actor who asked
   * @param createdAt when
   */
  record DecisionView(String decisionId, int version, boolean passed, String policyVersion, String dataset,
      long snapshotId, Integer baselineVersion, int rows, long failedChecks, String reportKey, String report,
      String actor, Instant createdAt) {
    static DecisionView of(GateDecision d, ObjectStore store) {
      return new DecisionView(d.decisionId(), d.version(), d.passed(), d.policyVersion(), d.dataset(),
          d.snapshotId(), d.baselineVersion(), d.rows(), d.checks().stream().filter(c -> !c.passed()).count(),
          d.reportKey(), Landing.onDisk(store, d.reportKey()), d.actor(), d.createdAt());
    }
  }

  /**
   * A shadow/canary comparison at a glance ({@code icegate shadow} prints one in full).
   *
   * @param comparisonId its id
   * @param variant the compared variant
   * @param baselineVariant what it was compared with
   * @param variantVersion the version behind the variant, or null
   * @param passed the verdict
   * @param from window start
   * @param to window end
   * @param createdAt when
   */
  record ShadowView(String comparisonId, String variant, String baselineVariant, Long variantVersion,
      boolean passed, Instant from, Instant to, Instant createdAt) {
    static ShadowView of(ShadowResult r) {
      return new ShadowView(r.comparisonId(), r.variant(), r.baselineVariant(), r.variantVersion(), r.passed(),
          r.from(), r.to(), r.createdAt());
    }
  }

  @Command(name = "list", description = "List models with their version count, latest version and aliases.")
  int list() throws Exception {
    Output out = IcegateCli.output(spec);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      List<ModelSummary> models = services.registry().models();
      if (out.json()) {
        out.json(models);
      } else if (models.isEmpty()) {
        out.line("no models registered yet (icegate models register <artifact> --model NAME ...)");
      } else {
        out.line("%-24s %8s %7s  %-19s %s", "MODEL", "VERSIONS", "LATEST", "REGISTERED (UTC)", "ALIASES");
        for (ModelSummary m : models) {
          out.line("%-24s %8d %7d  %-19s %s", m.model(), m.versions(), m.latestVersion(),
              RegistryText.time(m.latestRegisteredAt()), m.aliases().isEmpty() ? "-"
                  : String.join(", ", m.aliases().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "show", description = "Show a model: versions with their lineage, aliases, gate decisions, recent events.")
  int show(@Parameters(paramLabel = "MODEL") String model) throws Exception {
    Output out = IcegateCli.output(spec);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      Registry registry = services.registry();
      ObjectStore store = services.store();
      List<ModelVersion> versions = registry.versions(model);
      List<RegistryEvent> events = registry.events(model);
      List<GateDecision> decisions = services.gate().decisions().list(model, null);
      ModelView view = new ModelView(model, versions, registry.aliases(model),
          decisions.stream().map(d -> DecisionView.of(d, store)).toList(),
          services.gate().shadow().list(model).stream().map(ShadowView::of).toList(), events.size(),
          events.subList(Math.max(0, events.size() - RECENT_EVENTS), events.size()));
      if (out.json()) {
        out.json(view);
      } else {
        print(out, view, decisions, store);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "lineage", description = "Where a version came from: artifact, code, training snapshot, uploads, contracts.")
  int lineage(@Parameters(paramLabel = "MODEL") String model,
      @Option(names = {"-v", "--version"}, required = true, paramLabel = "N", description = "model version") int version)
      throws Exception {
    Output out = IcegateCli.output(spec);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      Lineage lineage = services.registry().lineage(model, version);
      if (out.json()) {
        out.json(lineage);
      } else {
        RegistryText.lineage(out, lineage, services.store());
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "events", description = "The audit log: every registration and alias move, oldest first.")
  int events(@Parameters(paramLabel = "MODEL", arity = "0..1", description = "one model (default: all)") String model)
      throws Exception {
    Output out = IcegateCli.output(spec);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      List<RegistryEvent> events = model == null ? services.registry().events() : services.registry().events(model);
      if (out.json()) {
        out.json(events);
      } else if (events.isEmpty()) {
        out.line("no registry events yet");
      } else {
        RegistryText.eventHeader(out, model == null);
        events.forEach(e -> RegistryText.event(out, e, model == null));
      }
      return ExitCode.OK;
    }
  }

  private static void print(Output out, ModelView v, List<GateDecision> decisions, ObjectStore store) {
    out.line("%s: %d version%s", v.model(), v.versions().size(), v.versions().size() == 1 ? "" : "s");
    out.line("");
    out.line("aliases");
    if (v.aliases().isEmpty()) {
      out.line("  none yet (icegate promote %s --alias production --version N)", v.model());
    }
    v.aliases().forEach(a -> out.line("  %s", RegistryText.alias(a)));
    out.line("");
    out.line("versions");
    v.versions().forEach(mv -> RegistryText.version(out, mv, "  "));
    out.line("");
    out.line("gate decisions");
    if (decisions.isEmpty()) {
      out.line("  none yet (icegate gate %s --version N ...)", v.model());
    }
    decisions.forEach(d -> out.line("  %s", RegistryText.decision(d, store)));
    if (!v.shadowComparisons().isEmpty()) {
      out.line("");
      out.line("shadow/canary comparisons (newest first)");
      v.shadowComparisons().forEach(s -> out.line("  %-19s %s vs %s%s  %s  [%s, %s)", RegistryText.time(s.createdAt()),
          s.variant(), s.baselineVariant(), s.variantVersion() == null ? "" : " (version " + s.variantVersion() + ")",
          s.passed() ? "PASSED" : "FAILED", s.from(), s.to()));
    }
    out.line("");
    out.line("recent events (%d of %d; icegate models events %s for all)", v.recentEvents().size(), v.events(),
        v.model());
    RegistryText.eventHeader(out, false);
    v.recentEvents().forEach(e -> RegistryText.event(out, e, false));
  }
}
