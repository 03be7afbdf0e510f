package io.icegate.local;

import io.icegate.ingest.IngestFunction;
import io.icegate.registry.Expected;
import io.icegate.registry.Names;
import io.icegate.registry.RegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of what users type, failing as usage errors (exit code 2) with the usage shown. */
final class Args {
  private Args() {}

  /** A usage error of the command. */
  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Refuses a path that is not a readable regular file. */
  static void requireFile(CommandSpec spec, Path file) {
    if (!Files.isRegularFile(file)) {
      throw usage(spec, Files.exists(file) ? file + " is not a file" : "no such file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw usage(spec, "cannot read " + file);
    }
  }

  /** Reads a UTF-8 text file the user named. */
  static String readText(CommandSpec spec, Path file) throws IOException {
    requireFile(spec, file);
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Refuses a dataset name the ingest function would refuse. */
  static String dataset(CommandSpec spec, String dataset) {
    String problem = IngestFunction.datasetNameProblem(dataset);
    if (problem != null) {
      throw usage(spec, problem);
    }
    return dataset;
  }

  /** Refuses a model or alias name the registry would refuse; checked before files are copied under the name. */
  static String name(CommandSpec spec, String what, String name) {
    if (!Names.NAME.matcher(name).matches()) {
      throw usage(spec, what + " name '" + name + "' " + Names.NAME_RULE);
    }
    return name;
  }

  /** Parses {@code --expect}: absent for no check, {@code unset}, or a version number. */
  static Expected expected(CommandSpec spec, String text) {
    try {
      return Expected.parse(text);
    } catch (RegistryException e) {
      throw usage(spec, "--expect: " + e.getMessage());
    }
  }
}
