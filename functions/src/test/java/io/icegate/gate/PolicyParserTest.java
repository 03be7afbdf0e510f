package io.icegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icegate.yaml.YamlProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

  @Test
  void readsAFullPolicyAndFillsDefaults() {
    GatePolicy p = PolicyParser.parse("churn", """
        version: "3"
        task: binary
        evaluation: {id: customer_id, label: churned, positive: "yes", threshold: 0.4}
        metrics:
          - metric: roc_auc
            threshold: 0.7
            minRelativeChange: 0.01
            nonInferiorityMargin: 0.02
          - {metric: log_loss, minAbsoluteChange: 0.005}
        slices: [{column: region, metric: recall, minimum: 0.5, minSamples: 30}]
        promotion: {requireShadow: true}
        shadow: {minRequests: 500, minAgreement: 0.9, maxPsi: 0.2}
        owners: [ml@example.com]
        alerts:
          channels:
            - {type: slack, urlEnv: SLACK_WEBHOOK_URL}
        """, "churn.yaml");
    assertThat(p.version()).isEqualTo("3");
    assertThat(p.evaluation()).isEqualTo(new GatePolicy.Evaluation("customer_id", "churned", "yes", 0.4, 1, "production"));
    assertThat(p.metrics()).containsExactly(
        new GatePolicy.MetricRule("roc_auc", 0.7, null, 0.01, null, 0.02),
        new GatePolicy.MetricRule("log_loss", null, 0.005, null, null, null));
    assertThat(p.slices()).containsExactly(new GatePolicy.SliceRule("region", "recall", 0.5, null, 30));
    assertThat(p.bootstrap()).isEqualTo(PolicyParser.DEFAULT_BOOTSTRAP);
    assertThat(p.promotion()).isEqualTo(new GatePolicy.Promotion(true, true));
    assertThat(p.shadow().minRequests()).isEqualTo(500);
    assertThat(p.owners()).containsExactly("ml@example.com");
    assertThat(p.notifications().alerts().owners()).containsExactly("ml@example.com");
    assertThat(p.notifications().alerts().channels()).hasSize(1);
  }

  @Test
  void reportsEveryProblemWithItsLine() {
    List<YamlProblem> problems = problems("""
        version: "1"
        task: binary
        evaluation: {id: customer_id, label: churned}
        metrics:
          - metric: roc_auk
            threshold: 0.7
          - metric: f1
          - metric: rmse
            thresold: 1
        bootstrap: {confidence: 1.5}
        promotion: {requireShadow: true}
        """);
    assertThat(problems).extracting(YamlProblem::line, YamlProblem::message).contains(
        org.assertj.core.groups.Tuple.tuple(5, "unknown binary metric 'roc_auk'; did you mean 'roc_auc'? (known: roc_auc,"
            + " average_precision, log_loss, brier_score, accuracy, precision, recall, f1)"));
    assertThat(problems).extracting(YamlProblem::message).anyMatch(m -> m.startsWith("the rule for 'f1' checks nothing"))
        .anyMatch(m -> m.startsWith("unknown binary metric 'rmse'"))
        .anyMatch(m -> m.startsWith("unknown field 'thresold' in a metric rule; did you mean 'threshold'?"))
        .anyMatch(m -> m.equals("confidence must be above 0.5 and below 1, found 1.5"))
        .anyMatch(m -> m.startsWith("promotion.requireShadow is true but the policy has no 'shadow' limits"));
  }

  @Test
  void aPolicyWithoutMetricsOrEvaluationIsRefused() {
    assertThat(problems("version: '1'\ntask: regression\n")).extracting(YamlProblem::message)
        .anyMatch(m -> m.startsWith("required field 'evaluation' is missing"))
        .anyMatch(m -> m.startsWith("a policy needs at least one metric rule"));
    assertThat(problems("version: '1'\ntask: ranking\nevaluation: {id: a, label: b}\nmetrics: [{metric: x, threshold: 1}]\n"))
        .extracting(YamlProblem::message).contains("unknown task 'ranking'; expected binary, multiclass or regression");
    assertThat(problems("")).extracting(YamlProblem::message).containsExactly("the document is empty; expected a gate policy");
  }

  private static List<YamlProblem> problems(String yaml) {
    return catchThrowableOfType(PolicyException.class, () -> PolicyParser.parse("m", yaml, "m.yaml")).problems();
  }
}
