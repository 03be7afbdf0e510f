package io.icegate.local;

import io.icegate.gate.GateDecision;
import io.icegate.gate.GateRequest;
import io.icegate.gate.GateService;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate gate}: computes a candidate's metrics on a pinned snapshot and applies the model's policy. */
@Command(name = "gate", description = {
    "Gate a candidate version under the model's policy, on a pinned snapshot.",
    "Joins the candidate's predictions to the labels of the snapshot, computes the policy's metrics (with paired"
        + " bootstrap intervals against the baseline alias), applies every rule and records the decision with an"
        + " HTML report.",
    "Exit code 0 when it PASSED, 1 when it FAILED. --json prints the GateDecision."})
final class GateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "model name")
  String model;

  @Option(names = {"-v", "--version"}, required = true, paramLabel = "N", description = "candidate version")
  int version;

  @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME", description = "evaluation dataset")
  String dataset;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SnapshotPin pin;

  @Option(names = "--predictions", required = true, paramLabel = "FILE|KEY",
      description = "the candidate's predictions (CSV, JSON lines or Parquet): a local file or an object key")
  String predictions;

  @Option(names = "--baseline-predictions", paramLabel = "FILE|KEY",
      description = "the baseline's predictions, when none were recorded for this snapshot")
  String baselinePredictions;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    Args.name(spec, "model", model);
    Args.dataset(spec, dataset);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      GateService gate = services.gate();
      // refuse an unknown model, version or missing policy before copying any file under the model's name
      gate.policy(model);
      services.registry().version(model, version);
      ObjectStore store = services.store();
      Uploads.Source candidate = Uploads.resolve(spec, store, predictions, "predictions");
      Uploads.Source baseline = baselinePredictions == null ? null
          : Uploads.resolve(spec, store, baselinePredictions, "baseline predictions");
      List<Uploads.Stored> copies = new ArrayList<>();
      String candidateKey = key(out, store, candidate, copies);
      String baselineKey = baseline == null ? null : key(out, store, baseline, copies);
      GateRequest request = new GateRequest(dataset, pin.snapshot, pin.tag, candidateKey, baselineKey);
      GateDecision decision;
      try {
        decision = Progress.run(out, "gating " + model + " version " + version,
            () -> gate.gate(Services.actor(), model, version, request, Services.requestId()));
      } catch (RuntimeException e) {
        // a refused request records no decision, so nothing refers to the copies (a FAILED decision does)
        if (Refusal.of(e) != null) {
          for (Uploads.Stored copy : copies) {
            copy.undo(store);
          }
        }
        throw e;
      }
      if (out.json()) {
        out.json(decision);
      } else {
        GateText.print(out, decision, store);
      }
      return decision.passed() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  /** The key of a source, copying a local file into the store first (and noting the copy). */
  private String key(Output out, ObjectStore store, Uploads.Source source, List<Uploads.Stored> copies)
      throws IOException {
    if (!source.local()) {
      return source.key().value();
    }
    Uploads.Stored copy = Uploads.predictions(store, model, source.file());
    copies.add(copy);
    out.note("%s copied to %s", source.file(), Landing.onDisk(store, copy.key().value()));
    return copy.key().value();
  }
}
