package io.icegate.shadow;

import io.icegate.table.SnapshotFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.shadow.RuleResult.Outcome;
import io.icegate.shadow.ShadowPolicy.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Homes without an inference log or without labels: precise refusals and failed rules, never a
 * pass. And the contracts the tests ingest with are the published samples.
 */
class ShadowComparisonMissingDataTest {
  private static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-03-02T00:00:00Z");

  @TempDir Path dir;

  @Test
  void testContractsAreTheSamples() throws Exception {
    Path samples = Path.of(System.getProperty("basedir", ".")).resolve("../local/samples/contracts").normalize();
    for (String name : List.of("predictions.yaml", "feedback.yaml")) {
      try (var in = ShadowFixture.resource(name)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(name)
            .isEqualTo(Files.readString(samples.resolve(name)));
      }
    }
  }

  @Test
  void noPredictionsDatasetIsRefused() throws Exception {
    try (ShadowFixture f = new ShadowFixture(dir)) {
      assertThatThrownBy(() -> f.shadow.compare("churn", "shadow", DAY1, DAY2,
              ShadowPolicy.defaults(Task.CLASSIFICATION), "ci"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no inference log: dataset 'predictions' does not exist (land prediction files under "
              + "landing/predictions/ with their contract at config/contracts/predictions.yaml)");
    }
  }

  @Test
  void metricRuleFailsWithoutAFeedbackDataset() throws Exception {
    // the glob characters in the home's path make the reader copy the files rather than hand
    // DuckDB a path it would expand
    try (ShadowFixture f = new ShadowFixture(dir.resolve("home [1]*"))) {
      f.upload("predictions", "predictions-2026-03-01.csv");
      ShadowPolicy policy = new ShadowPolicy(Task.CLASSIFICATION, 100, 0.9, 0.2, 0.1, 0.01, 30, 0);
      ShadowResult r = f.shadow.compare("churn", "mirror", DAY1, DAY2, policy, "ci");

      assertThat(r.figures().baselineRequests()).isEqualTo(306);
      assertThat(r.figures().psi()).isZero();
      assertThat(r.feedbackSnapshotId()).isNull();
      assertThat(r.figures().baselineMetric()).isNull();
      assertThat(r.rule(ShadowComparison.METRIC_DROP)).isEqualTo(new RuleResult(ShadowComparison.METRIC_DROP,
          null, 0.01, Outcome.FAIL, "no labels: dataset 'feedback' does not exist"));
      assertThat(r.passed()).isFalse();
      assertThat(f.shadow.latest("churn", "mirror")).contains(r);

      Path tmp = f.icegate.engine().tempDir();
      Table predictions = f.icegate.tables().dataset("predictions").orElseThrow();
      List<Path> copies;
      try (SnapshotFiles files = SnapshotFiles.plan(predictions, Expressions.alwaysTrue(), tmp)) {
        copies = files.paths().stream().map(Path::of).toList();
        assertThat(copies).isNotEmpty().allMatch(p -> p.startsWith(tmp) && Files.isRegularFile(p));
      }
      assertThat(copies).noneMatch(Files::exists);
    }
  }
}
