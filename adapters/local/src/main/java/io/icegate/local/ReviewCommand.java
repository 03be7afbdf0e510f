package io.icegate.local;

import io.icegate.feedback.FeedbackException;
import io.icegate.feedback.ReviewBatch;
import io.icegate.feedback.ReviewItem;
import io.icegate.feedback.ReviewRequest;
import io.icegate.ingest.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icegate review}: hands out low-confidence predictions for labelling. */
@Command(name = "review", description = "Hand out low-confidence predictions for labelling (the review queue).")
final class ReviewCommand {

  @Spec CommandSpec spec;

  @Command(name = "export", description = {
      "Write the model's next predictions to label as JSON lines, for a labelling tool.",
      "Candidates: predictions of the last --window whose confidence is below --threshold, with no label and not"
          + " handed out before; most uncertain first, taking the most uncertain of each stratum in turn. At most"
          + " --budget items per model and UTC day, counting earlier exports of the day; what is exported is recorded"
          + " and never exported again.",
      "Each line is one prediction (requestId, model, version, variant, ts, prediction, score, confidence, stratum,"
          + " features). Add \"label\" (and \"source\") to the lines and send them back with: icegate feedback import.",
      "Without --out the lines go to stdout and the summary to stderr; --json prints the whole answer instead."})
  int export(
      @Option(names = "--model", required = true, paramLabel = "NAME", description = "model, as in the inference log")
      String model,
      @Option(names = "--threshold", paramLabel = "X",
          description = "confidence below which a prediction is a candidate (default 0.2 for the margin)")
      Double threshold,
      @Option(names = "--confidence", paramLabel = "KIND",
          description = "margin (|score - 0.5|, default), score, or feature:<name>")
      String confidence,
      @Option(names = "--budget", paramLabel = "N", description = "items per UTC day for this model (default 100)")
      Integer budget,
      @Option(names = "--limit", paramLabel = "N",
          description = "at most this many now (default: the rest of the day's budget, at most 1000)")
      Integer limit,
      @Option(names = "--strata", paramLabel = "KIND",
          description = "class (the predicted class, default), variant, feature:<name> or none")
      String strata,
      @Option(names = "--window", paramLabel = "DURATION", description = "how far back, e.g. 24h, 7d (default), P30D")
      String window,
      @Option(names = "--variant", paramLabel = "NAME", description = "only this traffic variant (default all)")
      String variant,
      @Option(names = "--out", paramLabel = "FILE", description = "write the JSON lines here (must not exist yet)")
      Path outFile) throws Exception {
    Output out = IcegateCli.output(spec);
    ReviewRequest request;
    try {
      request = ReviewRequest.of(model, threshold, confidence, budget, limit, strata, window, variant);
    } catch (FeedbackException e) {
      throw Args.usage(spec, "--" + e.parameter() + ": " + e.getMessage());
    }
    if (outFile != null) {
      // items are handed out once: check the file can be written before handing anything out
      if (Files.exists(outFile)) {
        throw Args.usage(spec, outFile + " exists; exported items are never handed out again, so an export is not"
            + " overwritten (choose another file)");
      }
      Path dir = outFile.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
        throw Args.usage(spec, "cannot write " + outFile + ": " + dir + " is not a writable folder");
      }
    }
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      ReviewBatch batch = Progress.run(out, "selecting predictions of " + model,
          () -> services.reviewQueue().next(Services.actor(), request));
      if (outFile != null) {
        write(outFile, batch);
      }
      if (out.json()) {
        out.json(batch);
      } else if (outFile == null) {
        batch.items().forEach(out::jsonLine);
        summary(batch, null, (format, args) -> out.note(format, args));
      } else {
        summary(batch, outFile, (format, args) -> out.line(format, args));
      }
      return ExitCode.OK;
    }
  }

  /** Writes the items next to the target and moves them in, so a half-written export is never left under its name. */
  private static void write(Path file, ReviewBatch batch) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
      for (ReviewItem item : batch.items()) {
        w.write(Json.MAPPER.writeValueAsString(item));
        w.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private interface Printer {
    void print(String format, Object... args);
  }

  private static void summary(ReviewBatch b, Path file, Printer p) {
    p.print("%s: %d item%s handed out%s; budget %d for %s: %d before, %d left", b.model(), b.handedOut(),
        b.handedOut() == 1 ? "" : "s", file == null ? "" : " to " + file, b.budget(), b.day(), b.handedOutBefore(),
        b.remaining());
    p.print("  candidates  %d with %s below %s in [%s, %s)%s", b.candidates(), b.confidence(),
        String.format(Locale.ROOT, "%s", b.threshold()), b.from(), b.to(),
        b.variant() == null ? "" : " (variant " + b.variant() + ")");
    if (!b.strataCounts().isEmpty()) {
      p.print("  strata (%s)", b.strata());
      for (ReviewBatch.StratumCount s : b.strataCounts()) {
        p.print("    %-20s %6d handed out of %d", s.stratum(), s.handedOut(), s.candidates());
      }
    }
    if (b.assignmentId() != null) {
      p.print("  assignment  %s", b.assignmentId());
    }
  }
}
