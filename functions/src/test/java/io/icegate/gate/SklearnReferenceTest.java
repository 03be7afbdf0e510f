package io.icegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every metric against scikit-learn 1.2.1 on the fixtures that
 * src/test/resources/gate/reference/generate.py wrote (ties, imbalance, weights with zeros and
 * repeats, constant targets, 3 and 4 classes). Agreement is to 1e-12 relative; a null expectation
 * means the metric is undefined there and must raise a MetricException.
 */
class SklearnReferenceTest {

  static final double RELATIVE = 1e-12;

  @TestFactory
  List<DynamicTest> binaryMetricsMatchSklearn() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases("binary.json")) {
      BinaryPredictions p = new BinaryPredictions(ints(c.get("labels")), doubles(c.get("scores")),
          c.get("threshold").asDouble());
      addChecks(tests, c, Task.BINARY, p);
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> multiclassMetricsMatchSklearn() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases("multiclass.json")) {
      MulticlassPredictions p = MulticlassPredictions.of(strings(c.get("classes")),
          strings(c.get("labels")).toArray(String[]::new),
          strings(c.get("predicted")).toArray(String[]::new), matrix(c.get("probabilities")));
      addChecks(tests, c, Task.MULTICLASS, p);
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> regressionMetricsMatchSklearn() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases("regression.json")) {
      RegressionPredictions p =
          new RegressionPredictions(doubles(c.get("actual")), doubles(c.get("predicted")));
      addChecks(tests, c, Task.REGRESSION, p);
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> percentileMatchesNumpyLinear() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases("percentile.json")) {
      double[] values = doubles(c.get("values"));
      double[] qs = doubles(c.get("quantiles"));
      double[] expected = doubles(c.get("expected"));
      tests.add(DynamicTest.dynamicTest("n=" + values.length, () -> {
        for (int i = 0; i < qs.length; i++) {
          // numpy's own arithmetic, so this one is bit-exact
          assertThat(Percentile.linear(values, values.length, qs[i]))
              .as("q=%s", qs[i]).isEqualTo(expected[i]);
        }
      }));
    }
    return tests;
  }

  private static void addChecks(List<DynamicTest> tests, JsonNode c, Task task, Predictions p) {
    int[] weights = c.get("weights").isNull() ? null : ints(c.get("weights"));
    Iterator<Map.Entry<String, JsonNode>> it = c.get("expected").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Metric metric = Metric.of(task, e.getKey());
      String name = c.get("name").asText() + ": " + metric.metricName();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        if (e.getValue().isNull()) {
          assertThatThrownBy(() -> metric.value(p, weights))
              .isInstanceOf(MetricException.class)
              .hasMessageContaining(metric.metricName());
        } else {
          assertClose(metric.value(p, weights), e.getValue().asDouble(), name);
        }
      }));
    }
  }

  static void assertClose(double actual, double expected, String what) {
    double tolerance = RELATIVE * Math.max(Math.abs(actual), Math.abs(expected));
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs sklearn %s", what, actual, expected)
        .isLessThanOrEqualTo(tolerance);
  }

  private static List<JsonNode> cases(String file) throws IOException {
    try (InputStream in = SklearnReferenceTest.class.getResourceAsStream(
        "/gate/reference/" + file)) {
      assertThat(in).as(file).isNotNull();
      JsonNode root = new ObjectMapper().readTree(in);
      return StreamSupport.stream(root.get("cases").spliterator(), false).toList();
    }
  }

  static int[] ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
  }

  static double[] doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble)
        .toArray();
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static double[] matrix(JsonNode rows) {
    if (rows.isNull()) {
      return null;
    }
    return StreamSupport.stream(rows.spliterator(), false)
        .flatMapToDouble(r -> java.util.Arrays.stream(doubles(r))).toArray();
  }
}
