package io.icegate.local;

import io.icegate.infra.config.LocalIcegate;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate contracts put}: validates a contract and stores it for a dataset. */
@Command(name = "put", description = {
    "Validate a contract and store it as config/contracts/<dataset>.yaml.",
    "When the dataset's table exists, changes that would break it are refused."})
final class ContractPutCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CONTRACT", description = "ODCS v3 contract (YAML)")
  Path file;

  @Option(names = {"-d", "--dataset"}, paramLabel = "NAME",
      description = "dataset it governs (default: the contract's only schema object)")
  String dataset;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    String yaml = Args.readText(spec, file);
    if (dataset != null) {
      Args.dataset(spec, dataset);
    }
    try (LocalIcegate icegate = LocalIcegate.open(IcegateCli.of(spec).home())) {
      ContractStore.Put put;
      try {
        put = new ContractStore(icegate.store(), icegate.tables()).put(yaml, file.toString(), dataset);
      } catch (IllegalArgumentException e) {
        throw Args.usage(spec, e.getMessage());
      }
      if (out.json()) {
        out.json(put);
      } else {
        print(out, put, file.toString());
      }
      return put.stored() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  /** Human text for a put. */
  static void print(Output out, ContractStore.Put put, String source) {
    if (!put.problems().isEmpty()) {
      put.problems().forEach(p -> out.line(p.describe(source)));
      out.line("refused: the contract has %d problem%s; nothing stored", put.problems().size(),
          put.problems().size() == 1 ? "" : "s");
      return;
    }
    if (!put.stored()) {
      out.line("refused: contract %s %s would break table %s:", put.contractId(), put.version(), put.table());
      put.breaking().forEach(b -> out.line("  - %s", b));
      out.line("nothing stored; %s keeps its current contract", put.key());
      return;
    }
    out.line("stored contract %s %s for dataset %s%s", put.contractId(), put.version(), put.dataset(),
        put.previousVersion() == null ? "" : " (replaces version " + put.previousVersion() + ")");
    out.line("  %s", put.path());
    if (put.table() == null) {
      out.line("  the first ingest creates its table");
    } else if (put.changes().isEmpty()) {
      out.line("  table %s already matches it", put.table());
    } else {
      out.line("  the next ingest evolves table %s:", put.table());
      put.changes().forEach(c -> out.line("    - %s", c));
    }
  }
}
