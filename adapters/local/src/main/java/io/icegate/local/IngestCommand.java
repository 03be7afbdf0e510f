package io.icegate.local;

import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate ingest}: uploads files to landing and runs the ingest function on each, in order. */
@Command(name = "ingest", description = {
    "Upload files to landing/<dataset>/ and ingest each, in order, with the same function the clouds run.",
    "Exit code 0 when every file was committed or was a duplicate, 1 otherwise.",
    "Once its rows are committed, each upload's column profiles are written (ingest's follow-up, profileBatches).",
    "--json prints the IngestReport (an array of them for several files)."})
final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "CSV, JSON lines or Parquet, optionally .gz")
  List<Path> files;

  @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME", description = "target dataset")
  String dataset;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    Args.dataset(spec, dataset);
    List<ObjectKey> keys = new ArrayList<>();
    for (Path file : files) {
      Args.requireFile(spec, file);
      try {
        keys.add(Landing.key(dataset, file.getFileName().toString()));
      } catch (IllegalArgumentException e) {
        throw Args.usage(spec, e.getMessage());
      }
    }
    List<IngestReport> reports = new ArrayList<>();
    try (StopSignal stop = StopSignal.install(() -> out.note("stopping after the file in flight (Ctrl-C again to abort it)…"));
        LocalRuntime runtime = Progress.run(out, "starting icegate", () -> LocalRuntime.start(IcegateCli.of(spec).home()))) {
      ObjectStore store = runtime.icegate().store();
      for (int i = 0; i < files.size() && !stop.requested(); i++) {
        Path file = files.get(i);
        if (files.size() > 1) {
          out.line("%s[%d/%d] %s", i == 0 ? "" : "\n", i + 1, files.size(), file);
        }
        ObjectInfo landed = store.put(keys.get(i), file);
        IngestReport report = Progress.run(out, "ingesting " + file.getFileName(),
            () -> runtime.ingest().apply(Landing.event(landed)));
        reports.add(report);
        ReportText.print(out, report, store);
        ProfileResult profiled = followUp(out, runtime, report);
        if (profiled != null) {
          profiled.profiled().forEach(p -> out.line("  profiles    %d columns in %d ms, for drift scans", p.columns(),
              p.millis()));
        }
      }
    }
    if (reports.size() < files.size()) {
      out.err().printf("stopped: %d of %d files not ingested%n", files.size() - reports.size(), files.size());
    }
    if (out.json()) {
      out.json(files.size() == 1 && reports.size() == 1 ? reports.get(0) : reports);
    }
    return reports.size() == files.size() && reports.stream().allMatch(r -> r.status().ok())
        ? ExitCode.OK
        : ExitCode.SOFTWARE;
  }

  /**
   * Runs ingest's follow-up, the column profiles of a committed upload, and says so when it fails
   * (the rows stay committed; drift scans read them instead). Null when there was nothing to profile.
   */
  static ProfileResult followUp(Output out, LocalRuntime runtime, IngestReport report) throws Exception {
    ProfileRequest request = ProfileRequest.after(report);
    if (request == null) {
      return null;
    }
    ProfileResult result = Progress.run(out, "profiling batch " + report.batchId(),
        () -> runtime.profileBatches().apply(request));
    result.failed().forEach(f -> out.note("profiles of batch %s not written (drift scans will read its rows): %s",
        f.batchId(), f.reason()));
    return result;
  }
}
