package io.icegate.gate;

import io.icegate.gate.GatePolicy.Evaluation;
import io.icegate.gate.GatePolicy.MetricRule;
import io.icegate.gate.GatePolicy.Promotion;
import io.icegate.gate.GatePolicy.Resampling;
import io.icegate.gate.GatePolicy.SliceRule;
import io.icegate.monitor.Monitor;
import io.icegate.monitor.MonitorReader;
import io.icegate.notify.NotifyPolicy;
import io.icegate.notify.NotifyPolicyReader;
import io.icegate.shadow.ShadowPolicy;
import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.yaml.Suggestions;
import io.icegate.yaml.YamlDocs;
import io.icegate.yaml.YamlMap;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code config/policies/<model>.yaml}. Like contracts, policies are composed to nodes so
 * every problem has a line, all problems are reported at once, and unknown keys are refused: a
 * misspelt rule that silently never runs would let any model through.
 */
public final class PolicyParser {

  private static final Set<String> TOP = java.util.stream.Stream.concat(
      Set.of("version", "task", "evaluation", "metrics", "slices", "bootstrap", "promotion", "shadow", "owners")
          .stream(), java.util.stream.Stream.concat(NotifyPolicyReader.SECTIONS.stream(),
          MonitorReader.SECTIONS.stream())).collect(java.util.stream.Collectors.toUnmodifiableSet());
  private static final Set<String> EVALUATION = Set.of(
      "id", "label", "positive", "threshold", "minSamples", "baselineAlias");
  private static final Set<String> METRIC = Set.of(
      "metric", "threshold", "minAbsoluteChange", "minRelativeChange", "greaterIsBetter", "nonInferiorityMargin");
  private static final Set<String> SLICE = Set.of("column", "metric", "minimum", "maxRegression", "minSamples");
  private static final Set<String> BOOTSTRAP = Set.of("resamples", "confidence", "seed");
  private static final Set<String> PROMOTION = Set.of("requireGate", "requireShadow");
  private static final Set<String> SHADOW = Set.of(
      "minRequests", "minAgreement", "maxPsi", "maxJs", "maxMetricDrop", "minLabelled", "tolerance");

  /** Defaults: a 95% interval from 1,000 resamples is what reviewers expect to see. */
  static final Resampling DEFAULT_BOOTSTRAP = new Resampling(1000, 0.95, 20_240_601L);

  private PolicyParser() {}

  /**
   * Parses the policy of {@code model}.
   *
   * @throws PolicyException listing every problem
   */
  public static GatePolicy parse(String model, String yaml, String sourceName) {
    Problems problems = new Problems();
    GatePolicy policy = YamlDocs.compose(yaml, sourceName, "the policy", "a gate policy", problems)
        .flatMap(root -> YamlMap.of(root, "", problems))
        .map(top -> policy(model, top, problems))
        .orElse(null);
    if (problems.count() > 0) {
      throw new PolicyException(sourceName, problems.sorted());
    }
    return policy;
  }

  private static GatePolicy policy(String model, YamlMap top, Problems problems) {
    top.rejectUnknown(TOP, "the policy");
    String version = top.requiredText("version");
    Task task = task(top, problems);
    Evaluation evaluation = top.map("evaluation").map(e -> evaluation(e, task, problems)).orElse(null);
    if (evaluation == null && top.get("evaluation").isEmpty()) {
      problems.add(top.node(), "evaluation", "required field 'evaluation' is missing (id and label columns)");
    }
    List<MetricRule> metrics = new ArrayList<>();
    List<Node> metricNodes = top.list("metrics");
    for (int i = 0; i < metricNodes.size(); i++) {
      YamlMap.of(metricNodes.get(i), "metrics[" + i + "]", problems)
          .map(m -> metric(m, task, problems)).ifPresent(metrics::add);
    }
    if (metricNodes.isEmpty()) {
      problems.add(top.get("metrics").orElse(top.node()), "metrics",
          "a policy needs at least one metric rule; without one every candidate would pass");
    }
    List<SliceRule> slices = new ArrayList<>();
    List<Node> sliceNodes = top.list("slices");
    for (int i = 0; i < sliceNodes.size(); i++) {
      YamlMap.of(sliceNodes.get(i), "slices[" + i + "]", problems)
          .map(s -> slice(s, task, problems)).ifPresent(slices::add);
    }
    Resampling bootstrap = top.map("bootstrap").map(b -> bootstrap(b, problems)).orElse(DEFAULT_BOOTSTRAP);
    Promotion promotion = top.map("promotion").map(p -> {
      p.rejectUnknown(PROMOTION, "promotion");
      boolean gate = p.get("requireGate").isEmpty() || p.flag("requireGate");
      return new Promotion(gate, p.flag("requireShadow"));
    }).orElse(new Promotion(true, false));
    ShadowPolicy shadow = top.map("shadow").map(s -> shadow(s, task, problems)).orElse(null);
    if (promotion.requireShadow() && shadow == null) {
      problems.add(top.node(), "shadow", "promotion.requireShadow is true but the policy has no 'shadow' limits");
    }
    List<String> owners = new ArrayList<>();
    List<Node> ownerNodes = top.list("owners");
    for (int i = 0; i < ownerNodes.size(); i++) {
      Optional.ofNullable(Nodes.text(ownerNodes.get(i), "owners[" + i + "]", problems)).ifPresent(owners::add);
    }
    NotifyPolicy notifications = NotifyPolicyReader.read(top, owners, problems);
    List<Monitor> monitors = MonitorReader.read(top, task, problems);
    return new GatePolicy(model, version, task, evaluation, List.copyOf(metrics), List.copyOf(slices),
        bootstrap, promotion, shadow, List.copyOf(owners), notifications, monitors);
  }

  private static Task task(YamlMap top, Problems problems) {
    String text = top.requiredText("task");
    if (text == null) {
      return null;
    }
    try {
      return Task.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(top.raw("task"), "task", "unknown task '" + text + "'; expected binary, multiclass or regression");
      return null;
    }
  }

  private static Evaluation evaluation(YamlMap e, Task task, Problems problems) {
    e.rejectUnknown(EVALUATION, "evaluation");
    String id = e.requiredText("id");
    String label = e.requiredText("label");
    if (task != Task.BINARY) {
      for (String binaryOnly : List.of("positive", "threshold")) {
        e.get(binaryOnly).ifPresent(n -> problems.add(n, e.path(binaryOnly),
            "'" + binaryOnly + "' applies to binary models only"));
      }
    }
    double threshold = fraction(e, "threshold", problems, 0.5);
    int minSamples = positive(e, "minSamples", problems, 1);
    String baselineAlias = Optional.ofNullable(e.text("baselineAlias")).orElse("production");
    return new Evaluation(id, label, e.text("positive"), threshold, minSamples, baselineAlias);
  }

  private static MetricRule metric(YamlMap m, Task task, Problems problems) {
    m.rejectUnknown(METRIC, "a metric rule");
    String name = metricName(m, "metric", task, problems);
    Double relative = decimal(m, "minRelativeChange");
    if (relative != null && (relative < 0 || relative > 1)) {
      problems.add(m.raw("minRelativeChange"), m.path("minRelativeChange"),
          "minRelativeChange is a fraction between 0 and 1 (MLflow's convention), found " + relative);
    }
    Double absolute = decimal(m, "minAbsoluteChange");
    if (absolute != null && !(absolute > 0)) {
      problems.add(m.raw("minAbsoluteChange"), m.path("minAbsoluteChange"),
          "minAbsoluteChange must be positive (MLflow's convention), found " + absolute);
    }
    Double margin = decimal(m, "nonInferiorityMargin");
    if (margin != null && margin < 0) {
      problems.add(m.raw("nonInferiorityMargin"), m.path("nonInferiorityMargin"),
          "nonInferiorityMargin must not be negative, found " + margin);
    }
    Boolean greater = m.get("greaterIsBetter").map(n -> Nodes.bool(n, m.path("greaterIsBetter"), problems))
        .orElse(null);
    Double threshold = decimal(m, "threshold");
    if (threshold == null && absolute == null && relative == null && margin == null) {
      problems.add(m.node(), m.path(), "the rule for '" + name + "' checks nothing: give threshold,"
          + " minAbsoluteChange, minRelativeChange or nonInferiorityMargin");
    }
    return new MetricRule(name, threshold, absolute, relative, greater, margin);
  }

  private static SliceRule slice(YamlMap s, Task task, Problems problems) {
    s.rejectUnknown(SLICE, "a slice rule");
    String column = s.requiredText("column");
    String metric = metricName(s, "metric", task, problems);
    Double minimum = decimal(s, "minimum");
    Double maxRegression = decimal(s, "maxRegression");
    if (minimum == null && maxRegression == null) {
      problems.add(s.node(), s.path(), "the slice rule on '" + column + "' checks nothing: give minimum or maxRegression");
    }
    return new SliceRule(column, metric, minimum, maxRegression, positive(s, "minSamples", problems, 1));
  }

  private static Resampling bootstrap(YamlMap b, Problems problems) {
    b.rejectUnknown(BOOTSTRAP, "bootstrap");
    int resamples = positive(b, "resamples", problems, DEFAULT_BOOTSTRAP.resamples());
    double confidence = Optional.ofNullable(decimal(b, "confidence")).orElse(DEFAULT_BOOTSTRAP.confidence());
    if (!(confidence > 0.5 && confidence < 1)) {
      problems.add(b.raw("confidence"), b.path("confidence"), "confidence must be above 0.5 and below 1, found " + confidence);
    }
    BigDecimal seed = b.number("seed");
    return new Resampling(resamples, confidence, seed == null ? DEFAULT_BOOTSTRAP.seed() : seed.longValue());
  }

  /** Unset limits take {@link ShadowPolicy#defaults}; the record checks the ranges. */
  private static ShadowPolicy shadow(YamlMap s, Task task, Problems problems) {
    s.rejectUnknown(SHADOW, "shadow");
    ShadowPolicy d = ShadowPolicy.defaults(
        task == Task.REGRESSION ? ShadowPolicy.Task.REGRESSION : ShadowPolicy.Task.CLASSIFICATION);
    try {
      return new ShadowPolicy(d.task(), positive(s, "minRequests", problems, d.minRequests()),
          or(decimal(s, "minAgreement"), d.minAgreement()), or(decimal(s, "maxPsi"), d.maxPsi()),
          or(decimal(s, "maxJs"), d.maxJs()), or(decimal(s, "maxMetricDrop"), d.maxMetricDrop()),
          positive(s, "minLabelled", problems, d.minLabelled()), or(decimal(s, "tolerance"), d.tolerance()));
    } catch (IllegalArgumentException e) {
      problems.add(s.node(), s.path(), e.getMessage());
      return null;
    }
  }

  private static Double or(Double value, Double fallback) {
    return value == null ? fallback : value;
  }

  private static String metricName(YamlMap m, String key, Task task, Problems problems) {
    String name = m.requiredText(key);
    List<String> known = task == null ? List.of() : Metric.forTask(task).stream().map(Metric::metricName).toList();
    if (name != null && task != null && !known.contains(name)) {
      problems.add(m.raw(key), m.path(key), "unknown " + task.name().toLowerCase(Locale.ROOT) + " metric '" + name
          + "'" + Suggestions.didYouMean(name, known) + " (known: " + String.join(", ", known) + ")");
    }
    return name;
  }

  private static Double decimal(YamlMap m, String key) {
    BigDecimal n = m.number(key);
    return n == null ? null : n.doubleValue();
  }

  private static double fraction(YamlMap m, String key, Problems problems, double fallback) {
    Double v = decimal(m, key);
    if (v != null && !(v >= 0 && v <= 1)) {
      problems.add(m.raw(key), m.path(key), key + " must be between 0 and 1, found " + v);
    }
    return v == null ? fallback : v;
  }

  private static int positive(YamlMap m, String key, Problems problems, int fallback) {
    Integer v = m.integer(key);
    if (v != null && v < 1) {
      problems.add(m.raw(key), m.path(key), key + " must be at least 1, found " + v);
    }
    return v == null ? fallback : v;
  }
}
