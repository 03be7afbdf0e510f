package io.icegate.feedback;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;

import io.icegate.engine.DuckEngine;
import io.icegate.table.IcegateTables;
import io.icegate.table.ScopedTable;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Hands out predictions for labelling: below a confidence threshold, not labelled yet, not handed
 * out before, most uncertain first, round robin across strata so every class or segment is
 * sampled, under a daily budget per model (UTC days).
 *
 * <p>Every hand-out is recorded in {@code icegate.review_assignments}: the budget counts what
 * earlier calls handed out that day, and a request id handed out once is never handed out again
 * (it is in a labelling tool's hands; its label arrives through {@link FeedbackService}). Two calls
 * at once cannot overspend the budget: a hand-out commits only if no other hand-out of the model
 * committed since its count was read, else it is computed again.
 */
public final class ReviewQueue {

  /** Attempts when other hand-outs of the same model keep committing first. */
  static final int MAX_ATTEMPTS = 20;

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Clock clock;
  private final ReviewAssignments assignments;

  public ReviewQueue(IcegateTables tables, DuckEngine engine, Clock clock) {
    this.tables = tables;
    this.engine = engine;
    this.clock = clock;
    this.assignments = new ReviewAssignments(tables, engine);
  }

  /**
   * Hands out the next predictions to label and records them for {@code actor}.
   *
   * @throws FeedbackException when the inference log does not exist or lacks a column the request needs
   */
  public ReviewBatch next(String actor, ReviewRequest request) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("an actor is required");
    }
    Table predictions = tables.dataset(FeedbackService.PREDICTIONS).orElseThrow(() -> FeedbackException.unprocessable(
        "no inference log: dataset '" + FeedbackService.PREDICTIONS + "' does not exist (land prediction files under"
            + " landing/predictions/ with their contract at config/contracts/predictions.yaml)"));
    Set<String> columns = checkColumns(predictions.schema(), request);
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
      Instant from = now.minus(request.window());
      Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
      ReviewAssignments.View view = assignments.read(request.model(), from.isBefore(dayStart) ? from : dayStart, day);
      int remaining = Math.max(0, request.budget() - view.today());
      int take = Math.min(remaining, request.limit());
      ReviewSelection.Selected selected = select(predictions, columns, request, from, now, view.requestIds(), take);
      String assignmentId = selected.items().isEmpty() ? null : ID_TIME.format(now) + "-"
          + String.format("%08x", ThreadLocalRandom.current().nextInt());
      if (assignmentId != null) {
        try {
          assignments.append(view, assignmentId, request.model(), day, now, actor, selected.items());
        } catch (ScopedTable.Conflict lost) {
          if (attempt >= MAX_ATTEMPTS) {
            throw new IllegalStateException("could not hand out review items for model '" + request.model()
                + "' after " + attempt + " attempts: other hand-outs kept committing first", lost);
          }
          pause(attempt);
          continue;
        }
      }
      return batch(assignmentId, request, day, view.today(), remaining, from, now, selected);
    }
  }

  private static ReviewBatch batch(String assignmentId, ReviewRequest r, LocalDate day, int before, int remaining,
      Instant from, Instant to, ReviewSelection.Selected selected) {
    Map<String, Integer> taken = new HashMap<>();
    selected.items().forEach(i -> taken.merge(i.stratum(), 1, Integer::sum));
    List<ReviewBatch.StratumCount> strata = new ArrayList<>();
    long candidates = 0;
    for (Map.Entry<String, Long> s : selected.strata().entrySet()) {
      strata.add(new ReviewBatch.StratumCount(s.getKey(), s.getValue(), taken.getOrDefault(s.getKey(), 0)));
      candidates += s.getValue();
    }
    int handedOut = selected.items().size();
    return new ReviewBatch(assignmentId, r.model(), day, r.budget(), before, handedOut, remaining - handedOut,
        candidates, r.threshold(), r.confidence(), r.strata(), r.variant(), from, to, strata, selected.items());
  }

  private ReviewSelection.Selected select(Table predictions, Set<String> columns, ReviewRequest r, Instant from,
      Instant to, List<String> handedOut, int take) {
    Expression filter = and(equal("model", r.model()),
        and(greaterThanOrEqual("ts", micros(from)), lessThan("ts", micros(to))));
    if (r.variant() != null) {
      filter = and(filter, equal("variant", r.variant()));
    }
    Table feedback = tables.dataset(FeedbackService.DATASET).orElse(null);
    if (feedback != null && (feedback.schema().findField("request_id") == null
        || feedback.schema().findField("label") == null)) {
      throw FeedbackException.unprocessable("dataset '" + FeedbackService.DATASET
          + "' has no request_id or label column (see local/samples/contracts/feedback.yaml)");
    }
    try (SnapshotFiles p = SnapshotFiles.plan(predictions, filter, engine.tempDir());
        SnapshotFiles f = feedback == null ? null
            : SnapshotFiles.plan(feedback, Expressions.alwaysTrue(), engine.tempDir());
        Connection c = engine.open()) {
      if (p.paths().isEmpty()) {
        return new ReviewSelection.Selected(Map.of(), List.of());
      }
      ReviewSelection.Sources sources = new ReviewSelection.Sources(p.paths(), columns,
          f == null ? List.of() : f.paths());
      return new ReviewSelection(c).select(sources, r, from, to, handedOut, take);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the inference log", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the inference log: " + e.getMessage(), e);
    }
  }

  /** The optional columns the table has; refuses a table without a column the request needs. */
  private static Set<String> checkColumns(Schema s, ReviewRequest r) {
    List<String> problems = new ArrayList<>();
    for (String name : List.of("request_id", "model", "variant")) {
      if (s.findField(name) == null) {
        problems.add("no column '" + name + "'");
      }
    }
    Types.NestedField ts = s.findField("ts");
    if (ts == null || ts.type().typeId() != Type.TypeID.TIMESTAMP) {
      problems.add(ts == null ? "no column 'ts'" : "column 'ts' is " + ts.type() + ", not a timestamp");
    }
    Set<String> optional = new HashSet<>();
    for (String name : List.of("version", "prediction", "score", "features")) {
      if (s.findField(name) != null) {
        optional.add(name);
      }
    }
    boolean needsScore = r.confidence().kind() != ReviewConfidence.Kind.FEATURE;
    if (needsScore && !optional.contains("score")) {
      problems.add("no column 'score', which confidence " + r.confidence() + " reads");
    }
    if (!needsScore && !optional.contains("features")) {
      problems.add("no column 'features', which confidence " + r.confidence() + " reads");
    }
    if (r.strata().kind() == ReviewStrata.Kind.CLASS && !optional.contains("prediction")) {
      problems.add("no column 'prediction', which strata class reads (use strata=none)");
    }
    if (r.strata().kind() == ReviewStrata.Kind.FEATURE && !optional.contains("features")) {
      problems.add("no column 'features', which strata " + r.strata() + " reads");
    }
    if (!problems.isEmpty()) {
      throw FeedbackException.unprocessable("dataset '" + FeedbackService.PREDICTIONS + "' cannot be reviewed: "
          + String.join("; ", problems) + " (see local/samples/contracts/predictions.yaml)");
    }
    return optional;
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** A short random pause that grows with the attempt, spreading out colliding hand-outs. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt + 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing out review items", e);
    }
  }
}
