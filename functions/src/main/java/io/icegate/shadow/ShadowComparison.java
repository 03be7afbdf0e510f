package io.icegate.shadow;

import io.icegate.table.SnapshotFiles;
import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.apache.iceberg.expressions.Expressions.lessThan;

import io.icegate.engine.DuckEngine;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Compares a shadow or canary variant of a model with its baseline (normally production) on the
 * inference log, dataset {@value #PREDICTIONS}, over a time window, checks the figures against a
 * {@link ShadowPolicy}, and stores every comparison in {@code icegate.shadow_comparisons}.
 *
 * <p>A shadow answers the same requests as production, so when request ids overlap the two are
 * paired by request id and their agreement is measured ({@link ComparisonMode#PAIRED}); a canary
 * answers its own requests, so only distributions and labelled metrics compare
 * ({@link ComparisonMode#DISTRIBUTION}). Labels come from dataset {@value #FEEDBACK} when it exists.
 */
public final class ShadowComparison {

  /** The dataset holding the inference log. */
  public static final String PREDICTIONS = "predictions";
  /** The dataset holding labels by request id. */
  public static final String FEEDBACK = "feedback";
  /** The baseline variant when none is named. */
  public static final String PRODUCTION = "production";

  /** Rule names, stable for clients. */
  public static final String MIN_REQUESTS_BASELINE = "min_requests_baseline";
  public static final String MIN_REQUESTS_VARIANT = "min_requests_variant";
  public static final String AGREEMENT = "agreement";
  public static final String PSI = "psi";
  public static final String JS = "js";
  public static final String METRIC_DROP = "metric_drop";

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Clock clock;
  private final ShadowLog log;

  public ShadowComparison(IcegateTables tables, DuckEngine engine, Clock clock) {
    this.tables = tables;
    this.engine = engine;
    this.clock = clock;
    this.log = new ShadowLog(tables);
  }

  /** {@link #compare(String, String, String, Instant, Instant, ShadowPolicy, String)} against production. */
  public ShadowResult compare(String model, String variant, Instant from, Instant to, ShadowPolicy policy,
      String actor) {
    return compare(model, variant, PRODUCTION, from, to, policy, actor);
  }

  /**
   * Compares {@code variant} with {@code baselineVariant} on the model's predictions served in
   * {@code [from, to)}, stores the result and returns it.
   *
   * @throws IllegalArgumentException for a request that cannot be compared: blank names, the same
   *     variant twice, an empty window, no predictions dataset, or one lacking the needed columns
   */
  public ShadowResult compare(String model, String variant, String baselineVariant, Instant from, Instant to,
      ShadowPolicy policy, String actor) {
    InferenceLog.Window window = window(model, variant, baselineVariant, from, to);
    requireText("actor", actor);
    if (policy == null) {
      throw new IllegalArgumentException("a shadow policy is required");
    }
    Reading read = read(window, policy);
    InferenceLog.Measured m = read.measured();
    ComparisonMode mode = m.paired() > 0 ? ComparisonMode.PAIRED : ComparisonMode.DISTRIBUTION;
    ShadowFigures figures = ShadowRules.figures(m, policy.task());
    List<RuleResult> rules = new ShadowRules(window, policy, mode, m, figures, read.feedbackExists()).all();
    Instant now = clock.instant();
    ShadowResult result = new ShadowResult(nextId(now), model, variant, baselineVariant,
        m.variant().version(), m.baseline().version(), window.from(), window.to(), mode, figures, rules,
        rules.stream().allMatch(RuleResult::passed), policy, read.predictionsSnapshot(), read.feedbackSnapshot(),
        now, actor);
    log.append(result);
    return result;
  }

  /** What was measured, and which snapshots it was measured on. */
  private record Reading(InferenceLog.Measured measured, Long predictionsSnapshot, boolean feedbackExists,
      Long feedbackSnapshot) {}

  private static InferenceLog.Window window(String model, String variant, String baselineVariant, Instant from,
      Instant to) {
    requireText("model", model);
    requireText("variant", variant);
    requireText("baselineVariant", baselineVariant);
    if (variant.equals(baselineVariant)) {
      throw new IllegalArgumentException("variant and baseline are both '" + variant + "': compare two variants");
    }
    if (from == null || to == null) {
      throw new IllegalArgumentException("the window needs both from and to");
    }
    // timestamps are stored in microseconds: the window has that precision too
    Instant start = from.truncatedTo(ChronoUnit.MICROS);
    Instant end = to.truncatedTo(ChronoUnit.MICROS);
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("window [" + start + ", " + end + ") is empty: from must be before to");
    }
    return new InferenceLog.Window(model, baselineVariant, variant, start, end);
  }

  /** Plans the current snapshots' files (pruned by model, variants and window) and measures them in DuckDB. */
  private Reading read(InferenceLog.Window w, ShadowPolicy policy) {
    Table predictions = tables.dataset(PREDICTIONS).orElseThrow(() -> new IllegalArgumentException(
        "no inference log: dataset '" + PREDICTIONS + "' does not exist (land prediction files under landing/"
            + PREDICTIONS + "/ with their contract at config/contracts/" + PREDICTIONS + ".yaml)"));
    boolean hasVersion = checkPredictionColumns(predictions.schema());
    Table feedback = tables.dataset(FEEDBACK).orElse(null);
    if (feedback != null) {
      checkFeedbackColumns(feedback.schema());
    }
    Expression filter = and(equal("model", w.model()), and(in("variant", w.baseline(), w.variant()),
        and(greaterThanOrEqual("ts", micros(w.from())), lessThan("ts", micros(w.to())))));
    try (SnapshotFiles p = SnapshotFiles.plan(predictions, filter, engine.tempDir());
        SnapshotFiles f = feedback == null ? null
            : SnapshotFiles.plan(feedback, Expressions.alwaysTrue(), engine.tempDir());
        Connection c = engine.open()) {
      InferenceLog.Sources sources = new InferenceLog.Sources(p.paths(), hasVersion,
          f == null ? null : f.paths(), feedback != null && feedback.schema().findField("ts") != null);
      InferenceLog.Measured m = new InferenceLog(c, policy.task(), policy.tolerance()).measure(sources, w);
      return new Reading(m, p.snapshotId(), feedback != null, f == null ? null : f.snapshotId());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the inference log", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the inference log: " + e.getMessage(), e);
    }
  }

  /** The newest comparison of a model's variant. */
  public Optional<ShadowResult> latest(String model, String variant) {
    return log.latest(model, variant);
  }

  /** Every comparison of a model, newest first. */
  public List<ShadowResult> list(String model) {
    return log.list(model);
  }

  /** Checks the predictions table has the columns the comparison reads; true when it has {@code version}. */
  private static boolean checkPredictionColumns(Schema s) {
    List<String> problems = new ArrayList<>();
    for (String name : List.of("request_id", "model", "variant", "prediction")) {
      if (s.findField(name) == null) {
        problems.add("no column '" + name + "'");
      }
    }
    Types.NestedField ts = s.findField("ts");
    if (ts == null || ts.type().typeId() != Type.TypeID.TIMESTAMP) {
      problems.add(ts == null ? "no column 'ts'" : "column 'ts' is " + ts.type() + ", not a timestamp");
    }
    Types.NestedField score = s.findField("score");
    if (score == null || !score.type().isPrimitiveType() || !isNumber(score.type())) {
      problems.add(score == null ? "no column 'score'" : "column 'score' is " + score.type() + ", not a number");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("dataset '" + PREDICTIONS + "' cannot be compared: "
          + String.join("; ", problems) + " (see local/samples/contracts/predictions.yaml)");
    }
    return s.findField("version") != null;
  }

  private static void checkFeedbackColumns(Schema s) {
    for (String name : List.of("request_id", "label")) {
      if (s.findField(name) == null) {
        throw new IllegalArgumentException("dataset '" + FEEDBACK + "' has no column '" + name
            + "' (see local/samples/contracts/feedback.yaml)");
      }
    }
  }

  private static boolean isNumber(Type t) {
    return switch (t.typeId()) {
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> true;
      default -> false;
    };
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }

  private static String nextId(Instant now) {
    return ID_TIME.format(now) + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
  }
}
