package io.icegate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.feedback.FeedbackBatch;
import io.icegate.feedback.FeedbackItem;
import io.icegate.feedback.FeedbackOutcome;
import io.icegate.feedback.FeedbackService;
import io.icegate.ingest.Json;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate feedback}: records labels and corrections for request ids in dataset {@code feedback}. */
@Command(name = "feedback", description = {
    "Record labels for request ids (dataset 'feedback', through the ingest and its contract).",
    "Idempotent per request id and source: the same label again is a duplicate, a different one a correction that"
        + " names the label it replaces. Exit code 1 when an item was refused."})
final class FeedbackCommand {

  @Spec CommandSpec spec;

  /**
   * What an import did, line by line.
   *
   * @param lines lines read (blank lines not counted)
   * @param recorded first labels written
   * @param duplicates labels already recorded
   * @param corrected corrections written
   * @param refused lines not recorded
   * @param unknownRequestIds recorded lines whose request id is not in the inference log
   * @param ingests the uploads that stored the rows, one per batch of up to 1000 lines
   * @param items one outcome per line
   */
  record Imported(int lines, int recorded, int duplicates, int corrected, int refused, int unknownRequestIds,
      List<FeedbackBatch.Ingest> ingests, List<Line> items) {}

  /**
   * One line's outcome.
   *
   * @param line the line number
   * @param requestId the request id, when the line had one
   * @param status recorded, duplicate, corrected or refused
   * @param reason why it was refused
   * @param warning e.g. an unknown request id
   * @param feedbackId the row written or repeated
   */
  record Line(int line, String requestId, FeedbackOutcome.Status status, String reason, String warning,
      String feedbackId) {}

  @Command(name = "add", description = "Record one label.")
  int add(
      @Option(names = "--request-id", required = true, paramLabel = "ID", description = "the request id") String requestId,
      @Option(names = "--label", required = true, paramLabel = "LABEL", description = "the true class or value") String label,
      @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "who gives it, e.g. human:alice or crm")
      String source,
      @Option(names = "--require-known", description = "refuse a request id the inference log does not have")
      boolean requireKnown) throws Exception {
    Output out = IcegateCli.output(spec);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      FeedbackBatch batch = Progress.run(out, "recording the label", () -> services.feedback().record(
          Services.actor(), List.of(new FeedbackItem(requestId, label, source)), requireKnown));
      FeedbackOutcome o = batch.items().get(0);
      if (out.json()) {
        out.json(batch);
      } else {
        switch (o.status()) {
          case RECORDED -> out.line("recorded label '%s' for request %s from %s (feedback %s)", label, requestId, source,
              o.feedback().feedbackId());
          case DUPLICATE -> out.line("duplicate: request %s already has label '%s' from %s (feedback %s, %s); nothing"
              + " written", requestId, label, source, o.feedback().feedbackId(), o.feedback().ts());
          case CORRECTED -> out.line("corrected request %s from %s: '%s' -> '%s' (feedback %s corrects %s)", requestId,
              source, o.previousLabel(), label, o.feedback().feedbackId(), o.feedback().corrects());
          case REFUSED -> out.note("icegate: refused: %s", o.reason());
        }
        if (o.warning() != null) {
          out.note("warning: %s", o.warning());
        }
      }
      return o.status() == FeedbackOutcome.Status.REFUSED ? ExitCode.SOFTWARE : ExitCode.OK;
    }
  }

  @Command(name = "import", description = {
      "Record the labels of a JSON-lines file: one object per line with requestId (or request_id), label and source.",
      "Other fields are ignored, so the lines of 'icegate review export' come back with a label added."})
  int importFile(
      @Parameters(paramLabel = "FILE", description = "JSON lines") Path file,
      @Option(names = "--source", paramLabel = "SOURCE", description = "source for lines without one, e.g. human:alice")
      String defaultSource,
      @Option(names = "--require-known", description = "refuse request ids the inference log does not have")
      boolean requireKnown) throws Exception {
    Output out = IcegateCli.output(spec);
    Args.requireFile(spec, file);
    List<Line> lines = new ArrayList<>();
    List<FeedbackItem> items = new ArrayList<>();
    List<Integer> itemLines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int n = 0;
      while ((text = r.readLine()) != null) {
        n++;
        if (text.isBlank()) {
          continue;
        }
        Parsed p = parse(text, defaultSource);
        if (p.problem() != null) {
          lines.add(new Line(n, p.requestId(), FeedbackOutcome.Status.REFUSED, p.problem(), null, null));
        } else {
          lines.add(null);
          items.add(p.item());
          itemLines.add(n);
        }
      }
    }
    List<FeedbackBatch.Ingest> ingests = new ArrayList<>();
    if (!items.isEmpty()) {
      try (Services services = Services.start(out, IcegateCli.of(spec))) {
        int slot = 0;
        for (int from = 0; from < items.size(); from += FeedbackService.MAX_ITEMS) {
          List<FeedbackItem> chunk = items.subList(from, Math.min(items.size(), from + FeedbackService.MAX_ITEMS));
          FeedbackBatch batch = Progress.run(out, "recording labels " + (from + 1) + ".." + (from + chunk.size()),
              () -> services.feedback().record(Services.actor(), chunk, requireKnown));
          if (batch.ingest() != null) {
            ingests.add(batch.ingest());
          }
          for (FeedbackOutcome o : batch.items()) {
            while (lines.get(slot) != null) {
              slot++;
            }
            lines.set(slot, new Line(itemLines.get(from + o.index()), o.requestId(), o.status(), o.reason(),
                o.warning(), o.feedback() == null ? null : o.feedback().feedbackId()));
          }
        }
      }
    }
    Imported result = imported(lines, ingests);
    if (out.json()) {
      out.json(result);
    } else {
      out.line("%s: %d line%s: %d recorded, %d duplicate%s, %d corrected, %d refused", file, result.lines(),
          result.lines() == 1 ? "" : "s", result.recorded(), result.duplicates(), result.duplicates() == 1 ? "" : "s",
          result.corrected(), result.refused());
      if (result.unknownRequestIds() > 0) {
        out.line("  %d request id%s not in the inference log (yet); recorded anyway", result.unknownRequestIds(),
            result.unknownRequestIds() == 1 ? " is" : "s are");
      }
      for (Line l : result.items()) {
        if (l.status() == FeedbackOutcome.Status.REFUSED) {
          out.line("  line %d: refused: %s", l.line(), l.reason());
        }
      }
    }
    return result.refused() > 0 ? ExitCode.SOFTWARE : ExitCode.OK;
  }

  private static Imported imported(List<Line> lines, List<FeedbackBatch.Ingest> ingests) {
    int[] counts = new int[FeedbackOutcome.Status.values().length];
    int unknown = 0;
    for (Line l : lines) {
      counts[l.status().ordinal()]++;
      if (l.warning() != null) {
        unknown++;
      }
    }
    return new Imported(lines.size(), counts[FeedbackOutcome.Status.RECORDED.ordinal()],
        counts[FeedbackOutcome.Status.DUPLICATE.ordinal()], counts[FeedbackOutcome.Status.CORRECTED.ordinal()],
        counts[FeedbackOutcome.Status.REFUSED.ordinal()], unknown, ingests, lines);
  }

  /** A line read as an item, or why it cannot be. */
  private record Parsed(FeedbackItem item, String requestId, String problem) {}

  private static Parsed parse(String text, String defaultSource) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return new Parsed(null, null, "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      return new Parsed(null, null, "not a JSON object");
    }
    JsonNode id = node.has("requestId") ? node.get("requestId") : node.get("request_id");
    String requestId = id != null && id.isTextual() ? id.asText() : null;
    if (id == null || id.isNull()) {
      return new Parsed(null, null, "no requestId");
    }
    if (!id.isTextual()) {
      return new Parsed(null, null, "requestId must be a string, found " + id);
    }
    JsonNode label = node.get("label");
    if (label == null || label.isNull()) {
      return new Parsed(null, requestId, "no label");
    }
    // labelling tools write classes as numbers or booleans too: their text is the label
    if (!label.isValueNode()) {
      return new Parsed(null, requestId, "label must be a string, number or boolean");
    }
    JsonNode source = node.get("source");
    String s = source != null && !source.isNull() ? (source.isTextual() ? source.asText() : null) : defaultSource;
    if (source != null && !source.isNull() && !source.isTextual()) {
      return new Parsed(null, requestId, "source must be a string, found " + source);
    }
    if (s == null) {
      return new Parsed(null, requestId, "no source (give one per line, or --source)");
    }
    return new Parsed(new FeedbackItem(requestId, label.asText(), s), requestId, null);
  }
}
