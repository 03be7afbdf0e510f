package io.icegate.local;

import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate profiles}: ingest's follow-up, on demand: profiles committed batches that have none. */
@Command(name = "profiles", description = {
    "Write the column profiles drift scans merge (profileBatches, ingest's follow-up) for committed batches",
    "that have none: every dataset's, one dataset's (--dataset), or the named batches of it.",
    "'icegate ingest' and 'icegate serve' write them after each commit; this catches up after an interrupted",
    "run or a batch written by another tool. A batch already profiled is left alone.",
    "Exit code 0 when nothing failed, 1 otherwise. --json prints the ProfileResult."})
final class ProfilesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-d", "--dataset"}, paramLabel = "NAME", description = "only this dataset")
  String dataset;

  @Parameters(paramLabel = "BATCH", arity = "0..*", description = "batch ids (with --dataset)")
  List<String> batches = List.of();

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    if (dataset != null) {
      Args.dataset(spec, dataset);
    }
    ProfileRequest request;
    try {
      request = new ProfileRequest(dataset, batches);
    } catch (IllegalArgumentException e) {
      throw Args.usage(spec, e.getMessage());
    }
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      ProfileResult result = Progress.run(out, "profiling batches",
          () -> services.runtime().profileBatches().apply(request));
      if (out.json()) {
        out.json(result);
      } else {
        result.profiled().forEach(p -> out.line("profiled  %s batch %s: %d columns of %d rows in %d ms", p.dataset(),
            p.batchId(), p.columns(), p.rows(), p.millis()));
        result.skipped().forEach(s -> out.line("skipped   %s batch %s: %s", s.dataset(), s.batchId(), s.reason()));
        result.failed().forEach(f -> out.line("FAILED    %s batch %s: %s", f.dataset(), f.batchId(), f.reason()));
        if (result.profiled().isEmpty() && result.skipped().isEmpty() && result.failed().isEmpty()) {
          out.line("every committed batch has its profiles");
        }
      }
      return result.failed().isEmpty() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }
}
