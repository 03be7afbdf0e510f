package io.icegate.local;

import io.icegate.infra.config.LocalIcegate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate contracts}: validate, store, list and show data contracts. */
@Command(name = "contracts", description = "Validate, store, list and show data contracts (ODCS v3).",
    subcommands = {ContractCheckCommand.class, ContractPutCommand.class})
final class ContractsCommand {

  @Spec CommandSpec spec;

  @Command(name = "list", description = "List the contracts stored in the home.")
  int list() throws Exception {
    Output out = IcegateCli.output(spec);
    try (LocalIcegate icegate = LocalIcegate.open(IcegateCli.of(spec).home())) {
      List<ContractStore.Stored> all = new ContractStore(icegate.store(), icegate.tables()).list();
      if (out.json()) {
        out.json(all);
      } else if (all.isEmpty()) {
        out.line("no contracts stored yet (icegate contracts put <contract.yaml>)");
      } else {
        out.line("%-20s %-10s %s", "DATASET", "VERSION", "CONTRACT");
        all.forEach(c -> out.line("%-20s %-10s %s", c.dataset(), c.version() == null ? "-" : c.version(),
            c.problem() == null ? c.contractId() : "INVALID: " + c.problem()));
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "show", description = "Print the contract stored for a dataset.")
  int show(@Parameters(paramLabel = "DATASET") String dataset) throws Exception {
    Output out = IcegateCli.output(spec);
    try (LocalIcegate icegate = LocalIcegate.open(IcegateCli.of(spec).home())) {
      Optional<String> text = new ContractStore(icegate.store(), icegate.tables()).text(dataset);
      if (text.isEmpty()) {
        out.err().println("no contract stored for dataset '" + dataset + "'");
        return ExitCode.SOFTWARE;
      }
      if (out.json()) {
        out.json(Map.of("dataset", dataset, "contract", text.get()));
      } else {
        out.out().print(text.get());
        out.out().flush();
      }
      return ExitCode.OK;
    }
  }
}
