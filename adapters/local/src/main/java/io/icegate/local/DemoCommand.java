package io.icegate.local;

import io.icegate.infra.config.IcegateHome;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code icegate demo}: the ingest lifecycle, then the model lifecycle through the gate, on the home. */
@Command(name = "demo", description = {
    "Show the ingest lifecycle, then the model lifecycle through the gate, on the home.",
    "Stores the sample trips contract, ingests a good CSV (committed), a broken one (quarantined) and the",
    "good one again (duplicate). Then ingests a labelled evaluation set, stores the sample gate policy,",
    "registers three versions of a model, gates them (pass, fail, pass), promotes through the gate, is",
    "refused for the failed one and rolls back in one call. Last, it ingests three days of serving data,",
    "the last with one shifted feature, scans the policy's drift monitor over a calm day and the shifted",
    "one (HTML reports), and says where to look. Each run uses fresh trip ids and its own model, so it can",
    "run again on the same home."})
final class DemoCommand implements Callable<Integer> {
  static final String DATASET = "trips";
  /** System property with the command as the user typed it (the launcher sets it), for the hints. */
  static final String LAUNCHER_PROPERTY = "icegate.launcher";

  @Spec CommandSpec spec;

  /**
   * One upload of the demo.
   *
   * @param title what the step shows
   * @param file file name as uploaded
   * @param expected the outcome the step demonstrates
   * @param report what happened
   */
  record Step(String title, String file, IngestStatus expected, IngestReport report) {
    boolean asExpected() {
      return report.status() == expected;
    }
  }

  /**
   * The demo's JSON answer.
   *
   * @param home the home it ran on
   * @param run run id (part of file names and trip ids)
   * @param contractSource where the contract came from
   * @param contract the contract put
   * @param steps the uploads
   * @param models the registry and gate part, or null when the ingest part stopped the demo
   * @param drift the drift scan part, or null when the ingest part stopped the demo
   * @param asExpected whether every step ended as the demo intends
   */
  record Result(String home, String run, String contractSource, ContractStore.Put contract, List<Step> steps,
      DemoModels.Result models, DemoDrift.Result drift, boolean asExpected) {}

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    IcegateHome home = IcegateCli.of(spec).home();
    String run = DemoData.runId(Instant.now());
    DemoData.Contract contract = DemoData.contract();
    try (LocalRuntime runtime = Progress.run(out, "starting icegate", () -> LocalRuntime.start(home))) {
      ObjectStore store = runtime.icegate().store();
      out.line("icegate demo (run %s) on home %s", run, home.root());
      out.line("");
      out.line("1. Store the data contract for dataset '%s' (%s)", DATASET, contract.source());
      ContractStore.Put put = new ContractStore(store, runtime.icegate().tables())
          .put(contract.yaml(), contract.source(), DATASET);
      ContractPutCommand.print(out, put, contract.source());
      if (!put.stored()) {
        out.err().println("the demo needs the sample contract in place; use a fresh --home");
        if (out.json()) {
          out.json(new Result(home.root().toString(), run, contract.source(), put, List.of(), null, null, false));
        }
        return ExitCode.SOFTWARE;
      }
      String good = "trips-good-" + run + ".csv";
      byte[] goodCsv = DemoData.csv(DemoData.GOOD, run);
      List<Step> steps = new ArrayList<>();
      steps.add(step(out, runtime, "2. Upload good trips: every row meets the contract, so they commit as one snapshot",
          good, goodCsv, IngestStatus.COMMITTED));
      steps.add(step(out, runtime, "3. Upload broken trips: too many bad rows, so the whole file goes to quarantine",
          "trips-bad-" + run + ".csv", DemoData.csv(DemoData.BAD, run), IngestStatus.QUARANTINED));
      steps.add(step(out, runtime, "4. Upload the good file again: same content, recognised, nothing written",
          good, goodCsv, IngestStatus.DUPLICATE));
      DemoModels.Result models = new DemoModels(out, runtime).run(run, 5);
      DemoDrift.Result drift = new DemoDrift(out, runtime).run(models.model(), 5 + DemoModels.STEPS);
      boolean asExpected = steps.stream().allMatch(Step::asExpected) && models.asExpected() && drift.asExpected();
      if (out.json()) {
        out.json(new Result(home.root().toString(), run, contract.source(), put, steps, models, drift, asExpected));
      } else {
        summary(out, store, steps, put, models);
      }
      return asExpected ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  private static Step step(Output out, LocalRuntime runtime, String title, String file, byte[] content,
      IngestStatus expected) throws Exception {
    out.line("");
    out.line(title);
    ObjectStore store = runtime.icegate().store();
    ObjectInfo landed = store.put(Landing.key(DATASET, file), content);
    IngestReport report = Progress.run(out, "ingesting " + file, () -> runtime.ingest().apply(Landing.event(landed)));
    ReportText.print(out, report, store);
    IngestCommand.followUp(out, runtime, report);
    Step step = new Step(title, file, expected, report);
    if (!step.asExpected()) {
      out.line("  !! expected %s", expected);
    }
    return step;
  }

  private void summary(Output out, ObjectStore store, List<Step> steps, ContractStore.Put put,
      DemoModels.Result models) {
    String icegate = System.getProperty(LAUNCHER_PROPERTY, "icegate")
        + (IcegateCli.of(spec).home == null ? "" : " --home " + IcegateCli.of(spec).home().root());
    IngestReport committed = steps.get(0).report();
    IngestReport quarantined = steps.get(1).report();
    out.line("");
    out.line("Where to look");
    out.line("  snapshots   %s tables --dataset %s   (batch id, source, sha256, contract version per snapshot)",
        icegate, DATASET);
    out.line("  all tables  %s tables                 (icegate.ingest_log has one row per upload)", icegate);
    if (committed.archive() != null) {
      out.line("  archive     %s", Landing.onDisk(store, committed.archive()));
    }
    if (quarantined.quarantine() != null) {
      out.line("  quarantine  %sreport.json", Landing.onDisk(store, quarantined.quarantine()));
      out.line("              %srejected.jsonl   (each rejected row with its reasons)",
          Landing.onDisk(store, quarantined.quarantine()));
    }
    out.line("  contract    %s", put.path());
    out.line("  model       %s models show %s   (versions, aliases, gate decisions, events)", icegate, models.model());
    out.line("  lineage     %s models lineage %s --version 3", icegate, models.model());
    out.line("  reports     %s", Landing.onDisk(store, "reports/gate/" + models.model() + "/"));
    out.line("  drift       %s", Landing.onDisk(store, "reports/drift/" + models.model() + "/"));
    out.line("              %s drift scan --model %s --at %s   (scan the shifted day again)", icegate,
        models.model(), DemoData.SERVING_DAY0.plusSeconds(DemoData.SERVING_DAYS * 86_400L));
    out.line("");
    out.line("Try it yourself");
    out.line("  %s ingest my-trips.csv --dataset %s", icegate, DATASET);
    out.line("  %s serve      # then drop files into %s", icegate,
        Landing.onDisk(store, IngestFunction.LANDING + DATASET + "/"));
    out.line("  %s tokens add --principal ci --scopes read,register,gate   # a token for the HTTP API", icegate);
    out.line("  (serve answers on http://127.0.0.1:8080/v1; see the README for the routes)");
  }
}
