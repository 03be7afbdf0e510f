package io.icegate.local;

import io.icegate.infra.config.IcegateHome;
import java.nio.file.FileSystemException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code icegate} command line: contracts, ingest, tables, the model registry, gate and promotion,
 * labels and the review queue, the local runtime, API tokens and the demo.
 */
@Command(
    name = "icegate",
    mixinStandardHelpOptions = true,
    versionProvider = IcegateCli.Version.class,
    description = "Governed ingest into Apache Iceberg, a model registry and an evaluation gate, run locally"
        + " with the same function beans the clouds run.",
    subcommands = {
      ContractsCommand.class,
      IngestCommand.class,
      TablesCommand.class,
      ModelsCommand.class,
      PoliciesCommand.class,
      GateCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      ShadowCommand.class,
      DriftCommand.class,
      FeedbackCommand.class,
      ReviewCommand.class,
      MaintainCommand.class,
      ProfilesCommand.class,
      ServeCommand.class,
      TokensCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Exit codes: 0 ok, 1 rejected, refused or failed (e.g. a gate FAILED), 2 usage error."})
public final class IcegateCli {

  @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "icegate home (default: $ICEGATE_HOME, else ./.icegate)")
  String home;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "print one JSON document on stdout instead of text")
  boolean json;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line as users get it: failures print one line, not a stack trace. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new IcegateCli());
    addHelp(cli);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Refusal refusal = Refusal.of(e);
      if (refusal != null) {
        // a refusal is an answer, not a crash: its message is the whole story
        if (of(cmd.getCommandSpec()).json) {
          Output.of(cmd, true).json(refusal);
        }
        cmd.getErr().println(cmd.getColorScheme().errorText("icegate: " + refusal.message()));
        return CommandLine.ExitCode.SOFTWARE;
      }
      cmd.getErr().println(cmd.getColorScheme().errorText("icegate: " + describe(e)));
      if (System.getenv("ICEGATE_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli;
  }

  /**
   * Gives every subcommand {@code -h/--help}. The root's standard help options cannot simply be
   * inherited: their {@code -V/--version} would clash with the model version options.
   */
  private static void addHelp(CommandLine cmd) {
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (sub.getCommandSpec().findOption("--help") == null) {
        sub.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
            .description("Show this help message and exit.").build());
      }
      addHelp(sub);
    }
  }

  /** The options every command inherits, read from the root command. */
  static IcegateCli of(CommandSpec spec) {
    return (IcegateCli) spec.root().userObject();
  }

  /** The home named by {@code --home}, else the environment, else ./.icegate. */
  IcegateHome home() {
    return IcegateHome.resolve(home, System.getenv());
  }

  /** Where a command writes, honouring {@code --json}. */
  static Output output(CommandSpec spec) {
    return Output.of(spec.commandLine(), of(spec).json);
  }

  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(message(e));
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      String m = message(c);
      if (!s.toString().contains(m)) {
        s.append(": ").append(m);
      }
    }
    return s + " (set ICEGATE_DEBUG=1 for the stack trace)";
  }

  /** A readable message; file system errors carry only the path, so their type becomes words. */
  private static String message(Throwable t) {
    if (t instanceof FileSystemException f) {
      String reason = f.getReason() != null
          ? f.getReason()
          : f.getClass().getSimpleName().replace("Exception", "").replaceAll("(?<=.)(\\p{Lu})", " $1").toLowerCase(Locale.ROOT);
      return f.getFile() + ": " + reason;
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = IcegateCli.class.getPackage().getImplementationVersion();
      return new String[] {"icegate " + (v == null ? "(development build)" : v)};
    }
  }
}
