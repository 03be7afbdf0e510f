package io.icegate.gate;

import io.icegate.engine.DuckEngine;
import io.icegate.observe.Instrumented;
import io.icegate.observe.Telemetry;
import io.icegate.gate.EvaluationSet.PredictionSource;
import io.icegate.gate.GateDecision.Check;
import io.icegate.gate.GateDecision.Interval;
import io.icegate.gate.GateDecision.MetricResult;
import io.icegate.gate.GatePolicy.MetricRule;
import io.icegate.gate.GatePolicy.SliceRule;
import io.icegate.registry.AliasState;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryException;
import io.icegate.shadow.ShadowComparison;
import io.icegate.shadow.ShadowResult;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.Table;

/**
 * Gates a candidate version: loads the model's policy, joins its predictions (and the baseline's)
 * to the labels of a pinned snapshot, computes every metric itself, applies the rules and stores
 * the decision with an HTML report. The caller cannot supply a metric value.
 */
public final class GateService {

  /** Slice value shown for SQL NULL. */
  static final String NULL_SLICE = "(null)";

  private final ObjectStore store;
  private final Registry registry;
  private final Clock clock;
  private final EvaluationLoader loader;
  private final GateDecisions decisions;
  private final ShadowComparison shadow;
  private final Telemetry telemetry;

  public GateService(IcegateTables tables, ObjectStore store, DuckEngine engine, Registry registry, Clock clock) {
    this(tables, store, engine, registry, clock, Telemetry.NONE);
  }

  /** A gate service that counts its decisions in {@code telemetry}. */
  public GateService(IcegateTables tables, ObjectStore store, DuckEngine engine, Registry registry, Clock clock,
      Telemetry telemetry) {
    this.telemetry = telemetry;
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    this.loader = new EvaluationLoader(tables, store, engine);
    this.decisions = new GateDecisions(tables);
    this.shadow = new ShadowComparison(tables, engine, clock);
  }

  /** Object key of a model's policy. */
  public static ObjectKey policyKey(String model) {
    return ObjectKey.of("config/policies/" + model + ".yaml");
  }

  /** The policy in force for {@code model}. */
  public GatePolicy policy(String model) {
    ObjectKey key = policyKey(model);
    try {
      String yaml = new String(store.readAllBytes(key), StandardCharsets.UTF_8);
      return PolicyParser.parse(model, yaml, key.toString());
    } catch (NoSuchFileException e) {
      throw GateException.notFound("model '" + model + "' has no gate policy at " + key
          + "; write one (see local/samples/policies) before gating or promoting");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decisions table. */
  public GateDecisions decisions() {
    return decisions;
  }

  /** Stored shadow/canary comparisons. */
  public ShadowComparison shadow() {
    return shadow;
  }

  /**
   * Compares a shadow or canary variant with its baseline variant over {@code [from, to)} under the
   * limits of the model's policy; the caller cannot choose weaker ones.
   */
  public ShadowResult compareShadow(String actor, ShadowRequest request) {
    GatePolicy policy = policy(request.model());
    if (policy.shadow() == null) {
      throw GateException.invalid("policy '" + request.model() + "' version " + policy.version()
          + " has no 'shadow' section with the limits a comparison applies");
    }
    String baseline = request.baselineVariant() == null ? ShadowComparison.PRODUCTION : request.baselineVariant();
    try {
      return shadow.compare(request.model(), request.variant(), baseline, request.from(), request.to(),
          policy.shadow(), actor);
    } catch (IllegalArgumentException e) {
      throw GateException.invalid(e.getMessage());
    }
  }

  /** Runs the gate and records the decision, passed or failed. */
  public GateDecision gate(String actor, String model, int version, GateRequest request, String requestId) {
    GatePolicy policy = policy(model);
    registry.version(model, version);
    if (request.dataset() == null || request.predictions() == null) {
      throw GateException.invalid("a gate request needs 'dataset' and 'predictions'");
    }
    Table table = loader.table(request.dataset());
    long snapshotId = EvaluationLoader.resolveSnapshot(table, request.dataset(), request.snapshotId(),
        request.snapshotTag());
    Integer baselineVersion = baselineVersion(model, version, policy);
    String baselineKey = request.baselinePredictions();
    PredictionSource recorded = null;
    if (baselineVersion == null && baselineKey != null) {
      throw GateException.invalid("alias '" + policy.evaluation().baselineAlias() + "' of model '" + model
          + "' points at no other version, so there is no baseline to compare with; omit baselinePredictions");
    }
    if (baselineVersion != null && baselineKey == null) {
      recorded = decisions.recordedPredictions(model, baselineVersion, request.dataset(), snapshotId)
          .orElseThrow(() -> GateException.invalid("the baseline, version " + baselineVersion + " behind alias '"
              + policy.evaluation().baselineAlias() + "', has no predictions recorded for dataset '"
              + request.dataset() + "' at snapshot " + snapshotId + "; send baselinePredictions"));
      baselineKey = recorded.key();
    }
    EvaluationSet set;
    try {
      set = loader.load(policy, table, request.dataset(), snapshotId, request.predictions(), baselineKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("evaluation query failed: " + e.getMessage(), e);
    }
    if (recorded != null && !recorded.sha256().equals(set.baselineSource().sha256())) {
      throw GateException.invalid("the recorded baseline predictions " + recorded.key() + " changed since version "
          + baselineVersion + " was gated (sha256 " + recorded.sha256() + ", now " + set.baselineSource().sha256()
          + "); send baselinePredictions");
    }
    String id = UUID.randomUUID().toString();
    GateDecision decision;
    try {
      decision = decide(id, policy, version, set, baselineVersion, actor, requestId, clock.instant());
    } catch (MetricException e) {
      throw GateException.invalid(e.getMessage());
    }
    try {
      store.put(ObjectKey.of(decision.reportKey()), GateReport.html(decision).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    decisions.append(decision);
    telemetry.count(Instrumented.GATE_DECISIONS, 1, "passed", String.valueOf(decision.passed()));
    return decision;
  }

  /** The version behind the baseline alias, unless unset or the candidate itself. */
  private Integer baselineVersion(String model, int version, GatePolicy policy) {
    try {
      AliasState state = registry.alias(model, policy.evaluation().baselineAlias());
      return state.version() == null || state.version() == version ? null : state.version();
    } catch (RegistryException.NotFound unset) {
      return null;
    }
  }

  static GateDecision decide(String id, GatePolicy policy, int version, EvaluationSet set, Integer baselineVersion,
      String actor, String requestId, Instant now) {
    Predictions cand = set.candidate();
    Predictions base = set.baseline();
    Set<String> names = new LinkedHashSet<>();
    policy.metrics().forEach(r -> names.add(r.metric()));
    policy.slices().forEach(r -> names.add(r.metric()));
    List<Metric> metrics = names.stream().map(n -> Metric.of(policy.task(), n)).toList();
    Map<String, BootstrapResult> differences = new LinkedHashMap<>();
    if (base != null) {
      GatePolicy.Resampling r = policy.bootstrap();
      BootstrapOptions options = new BootstrapOptions(r.resamples(), r.confidence(), r.seed(),
          Math.max(1, Runtime.getRuntime().availableProcessors()));
      List<BootstrapResult> results = Bootstrap.pairedDifferences(metrics, cand, base, options);
      for (int i = 0; i < metrics.size(); i++) {
        differences.put(metrics.get(i).metricName(), results.get(i));
      }
    }
    List<MetricResult> metricResults = new ArrayList<>();
    Map<String, Double> candValues = new LinkedHashMap<>();
    Map<String, Double> baseValues = new LinkedHashMap<>();
    for (Metric m : metrics) {
      double c = m.value(cand);
      Double b = base == null ? null : m.value(base);
      candValues.put(m.metricName(), c);
      baseValues.put(m.metricName(), b);
      BootstrapResult d = differences.get(m.metricName());
      metricResults.add(new MetricResult(m.metricName(), m.greaterIsBetter(), c, b, d == null ? null
          : new Interval(d.lower(), d.upper(), d.confidence(), d.resamples(), d.skipped(), d.seed())));
    }
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("evaluation", "min_samples", (double) set.size(),
        (double) policy.evaluation().minSamples(), true,
        set.size() + " evaluation rows, at least " + policy.evaluation().minSamples() + " needed"));
    boolean anyAbsolute = false;
    for (MetricRule rule : policy.metrics()) {
      Metric m = Metric.of(policy.task(), rule.metric());
      boolean gib = rule.greaterIsBetter() == null ? m.greaterIsBetter() : rule.greaterIsBetter();
      double c = candValues.get(rule.metric());
      Double b = baseValues.get(rule.metric());
      anyAbsolute |= rule.threshold() != null;
      checks.addAll(metricChecks(rule, gib, c, b, differences.get(rule.metric()), policy));
    }
    if (base == null && !anyAbsolute) {
      checks.add(new Check("policy", "threshold", null, null, false, "There is no baseline (alias '"
          + policy.evaluation().baselineAlias() + "' is unset) and no metric rule has an absolute threshold,"
          + " so nothing judges this version: add a threshold to the policy or promote with an override."));
    }
    for (SliceRule rule : policy.slices()) {
      checks.addAll(sliceChecks(rule, policy, set));
    }
    boolean passed = checks.stream().allMatch(Check::passed);
    return new GateDecision(id, policy.model(), version, policy.version(), policy.task().name().toLowerCase(Locale.ROOT),
        set.dataset(), set.snapshotId(), baselineVersion, passed, set.size(), metricResults, checks,
        set.candidateSource(), set.baselineSource(), GateReport.key(policy.model(), id), actor, requestId, now);
  }

  /**
   * MLflow's criteria for one rule. Without any baseline version (a first promotion) the change
   * criteria cannot apply and are reported as such; with one, MLflow's semantics hold in full.
   */
  private static List<Check> metricChecks(MetricRule rule, boolean gib, double c, Double b, BootstrapResult d,
      GatePolicy policy) {
    List<Check> out = new ArrayList<>();
    if (b == null) {
      if (rule.threshold() != null) {
        out.addAll(toChecks(new MetricThreshold(rule.metric(), rule.threshold(), null, null, gib, null)
            .evaluate(c, null), rule, gib, c, null, null));
      }
      for (String criterion : List.of("min_absolute_change", "min_relative_change", "non_inferiority_margin")) {
        boolean set = switch (criterion) {
          case "min_absolute_change" -> rule.minAbsoluteChange() != null;
          case "min_relative_change" -> rule.minRelativeChange() != null;
          default -> rule.nonInferiorityMargin() != null;
        };
        if (set) {
          out.add(new Check(rule.metric(), criterion, null, null, true, "Not applicable: no baseline (alias '"
              + policy.evaluation().baselineAlias() + "' points at no other version)."));
        }
      }
      return out;
    }
    MetricThreshold t = new MetricThreshold(rule.metric(), rule.threshold(), rule.minAbsoluteChange(),
        rule.minRelativeChange(), gib, rule.nonInferiorityMargin());
    return toChecks(t.evaluate(c, b, d), rule, gib, c, b, d);
  }

  private static List<Check> toChecks(ThresholdResult result, MetricRule rule, boolean gib, double c, Double b,
      BootstrapResult d) {
    List<Check> out = new ArrayList<>();
    for (ThresholdResult.Check check : result.checks()) {
      Double observed;
      Double limit;
      switch (check.criterion()) {
        case THRESHOLD -> {
          observed = c;
          limit = rule.threshold();
        }
        case MIN_ABSOLUTE_CHANGE -> {
          observed = b == null ? null : (gib ? c - b : b - c);
          limit = rule.minAbsoluteChange();
        }
        case MIN_RELATIVE_CHANGE -> {
          observed = b == null || b == 0 ? null : (gib ? c - b : b - c) / b;
          limit = rule.minRelativeChange();
        }
        default -> {
          observed = d == null ? null : (gib ? d.lower() : d.upper());
          limit = gib ? -rule.nonInferiorityMargin() : rule.nonInferiorityMargin();
        }
      }
      out.add(new Check(rule.metric(), check.criterion().ruleName(), observed, limit, check.passed(), check.message()));
    }
    return out;
  }

  /** Each value of the slicing column, judged by a 0/1 weight mask over the same predictions. */
  private static List<Check> sliceChecks(SliceRule rule, GatePolicy policy, EvaluationSet set) {
    Metric m = Metric.of(policy.task(), rule.metric());
    boolean gib = m.greaterIsBetter();
    String[] values = set.slices().get(rule.column());
    Map<String, int[]> masks = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      masks.computeIfAbsent(Objects.requireNonNullElse(values[i], NULL_SLICE), k -> new int[values.length])[i] = 1;
    }
    List<Check> out = new ArrayList<>();
    for (Map.Entry<String, int[]> e : masks.entrySet()) {
      String subject = rule.metric() + "[" + rule.column() + "=" + e.getKey() + "]";
      int n = 0;
      for (int w : e.getValue()) {
        n += w;
      }
      if (n < rule.minSamples()) {
        out.add(new Check(subject, "min_samples", (double) n, (double) rule.minSamples(), true,
            "Not judged: " + n + " rows, fewer than the slice minimum of " + rule.minSamples() + "."));
        continue;
      }
      double c;
      Double b;
      try {
        c = m.value(set.candidate(), e.getValue());
        b = set.baseline() == null ? null : m.value(set.baseline(), e.getValue());
      } catch (MetricException undefined) {
        out.add(new Check(subject, "defined", null, null, false, "The metric cannot be computed on this slice ("
            + n + " rows): " + undefined.getMessage()));
        continue;
      }
      if (rule.minimum() != null) {
        boolean ok = gib ? c >= rule.minimum() : c <= rule.minimum();
        out.add(new Check(subject, "slice_minimum", c, rule.minimum(), ok, String.format(Locale.ROOT,
            "%s = %s on %d rows %s the slice bound %s (%s).", subject, c, n, ok ? "meets" : "misses",
            rule.minimum(), gib ? "higher is better" : "lower is better")));
      }
      if (rule.maxRegression() != null) {
        if (b == null) {
          out.add(new Check(subject, "slice_max_regression", null, rule.maxRegression(), true,
              "Not applicable: no baseline."));
        } else {
          double regression = gib ? b - c : c - b;
          boolean ok = regression <= rule.maxRegression();
          out.add(new Check(subject, "slice_max_regression", regression, rule.maxRegression(), ok,
              String.format(Locale.ROOT, "%s: candidate %s vs baseline %s, a regression of %s (at most %s allowed).",
                  subject, c, b, regression, rule.maxRegression())));
        }
      }
    }
    return out;
  }
}
