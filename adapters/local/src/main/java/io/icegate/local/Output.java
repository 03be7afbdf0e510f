package io.icegate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.icegate.ingest.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Where a command writes: text or one JSON document on stdout, progress and notes on stderr.
 *
 * @param out stdout
 * @param err stderr
 * @param json machine output requested
 * @param interactive a person is watching a terminal (spinners and colour make sense)
 */
record Output(PrintWriter out, PrintWriter err, boolean json, boolean interactive) {

  static Output of(CommandLine cmd, boolean json) {
    return new Output(cmd.getOut(), cmd.getErr(), json, !json && System.console() != null);
  }

  /** Prints a value as pretty JSON on stdout. */
  void json(Object value) {
    try {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  /** Prints a value as one compact JSON line (streams such as {@code serve --json}). */
  void jsonLine(Object value) {
    try {
      out.println(Json.MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  /** Prints a line of human text on stdout (nothing in JSON mode). */
  void line(String format, Object... args) {
    if (!json) {
      out.println(args.length == 0 ? format : String.format(format, args));
      out.flush();
    }
  }

  /** Prints a note on stderr (nothing in JSON mode). */
  void note(String format, Object... args) {
    if (!json) {
      err.println(args.length == 0 ? format : String.format(format, args));
      err.flush();
    }
  }
}
