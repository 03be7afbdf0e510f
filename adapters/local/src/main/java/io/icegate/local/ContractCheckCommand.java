package io.icegate.local;

import io.icegate.yaml.YamlProblem;
import io.icegate.contract.SchemaObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate contracts check}: validates a contract file without storing it. */
@Command(name = "check", description = "Validate a contract file; lists every problem as file:line:col path: message.")
final class ContractCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CONTRACT", description = "ODCS v3 contract (YAML)")
  Path file;

  /**
   * The JSON answer.
   *
   * @param valid no problems
   * @param file the file as given
   * @param contractId id when valid
   * @param version version when valid
   * @param problems every problem found
   */
  record Result(boolean valid, String file, String contractId, String version, List<YamlProblem> problems) {}

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    ContractCheck check = ContractCheck.of(Args.readText(spec, file), file.toString());
    if (out.json()) {
      out.json(new Result(check.valid(), file.toString(), check.valid() ? check.contract().id() : null,
          check.valid() ? check.contract().version() : null, check.problems()));
    } else if (check.valid()) {
      out.line("%s: valid (contract %s %s)", file, check.contract().id(), check.contract().version());
      for (SchemaObject o : check.contract().schema()) {
        out.line("  %s: %d columns, %d quality rules", o.name(), o.properties().size(),
            o.quality().size() + o.properties().stream().mapToInt(p -> p.quality().size()).sum());
      }
    } else {
      check.lines().forEach(out::line);
      out.line("%s: %d problem%s", file, check.problems().size(), check.problems().size() == 1 ? "" : "s");
    }
    return check.valid() ? ExitCode.OK : ExitCode.SOFTWARE;
  }
}
