package io.icegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationLoaderTest {
  @TempDir static Path dir;
  static GateFixture f;
  static EvaluationLoader loader;
  static GatePolicy policy;

  @BeforeAll
  static void setUp() throws Exception {
    f = new GateFixture(dir, 300);
    loader = new EvaluationLoader(f.icegate.tables(), f.icegate.store(), f.icegate.engine());
    policy = f.policy();
  }

  @AfterAll
  static void tearDown() throws Exception {
    f.close();
  }

  @Test
  void alignsPredictionsWithLabelsInIdOrder() throws Exception {
    String cand = f.predictions("artifacts/churn/cand.csv", i -> i / 1000.0);
    String base = f.predictions("artifacts/churn/base.csv", i -> 1 - i / 1000.0);
    EvaluationSet set = loader.load(policy, GateFixture.DATASET, f.snapshotId, cand, base);
    assertThat(set.size()).isEqualTo(300);
    BinaryPredictions c = (BinaryPredictions) set.candidate();
    BinaryPredictions b = (BinaryPredictions) set.baseline();
    assertThat(c.labels()).isEqualTo(f.labels);
    assertThat(b.labels()).isEqualTo(f.labels);
    assertThat(c.threshold()).isEqualTo(0.5);
    for (int i = 0; i < 300; i++) {
      assertThat(c.scores()[i]).isEqualTo(i / 1000.0);
      assertThat(b.scores()[i]).isEqualTo(1 - i / 1000.0);
      assertThat(set.slices().get("region")[i]).isEqualTo(GateFixture.REGIONS[i % 3]);
    }
    assertThat(set.candidateSource().sha256()).hasSize(64);
    assertThat(set.candidateSource().key()).isEqualTo(cand);
  }

  @Test
  void refusesPredictionsThatMissRows() {
    StringBuilder csv = new StringBuilder("customer_id,score\n");
    for (int i = 0; i < 290; i++) {
      csv.append(GateFixture.id(i)).append(",0.5\n");
    }
    String key = f.put("artifacts/churn/partial.csv", csv.toString());
    assertThatThrownBy(() -> loader.load(policy, GateFixture.DATASET, f.snapshotId, key, null))
        .isInstanceOf(GateException.class)
        .hasMessageContaining("miss 10 of the 300 evaluation rows").hasMessageContaining("'c00290'");
  }

  @Test
  void refusesIdsWithoutLabels() {
    String key = f.put("artifacts/churn/extra.csv", "customer_id,score\nnobody,0.3\n");
    assertThatThrownBy(() -> loader.load(policy, GateFixture.DATASET, f.snapshotId, key, null))
        .isInstanceOf(GateException.class).hasMessageContaining("1 ids without a label").hasMessageContaining("'nobody'");
  }

  @Test
  void refusesDuplicateAndNonNumericScores() {
    String dup = f.put("artifacts/churn/dup.csv", "customer_id,score\nc00001,0.3\nc00001,0.4\n");
    assertThatThrownBy(() -> loader.load(policy, GateFixture.DATASET, f.snapshotId, dup, null))
        .hasMessageContaining("score some ids more than once, e.g. 'c00001'");
    StringBuilder csv = new StringBuilder("customer_id,score\n");
    for (int i = 0; i < 300; i++) {
      csv.append(GateFixture.id(i)).append(',').append(i == 7 ? "NaN" : "0.5").append('\n');
    }
    String nan = f.put("artifacts/churn/nan.csv", csv.toString());
    assertThatThrownBy(() -> loader.load(policy, GateFixture.DATASET, f.snapshotId, nan, null))
        .hasMessageContaining("1 rows whose score is missing, not a number, NaN or infinite, e.g. ids 'c00007'");
  }

  @Test
  void refusesMissingColumnsObjectsAndSnapshots() {
    String noScore = f.put("artifacts/churn/noscore.csv", "customer_id,prob\nc00001,0.3\n");
    assertThatThrownBy(() -> loader.load(policy, GateFixture.DATASET, f.snapshotId, noScore, null))
        .hasMessageContaining("lack column 'score'");
    assertThatThrownBy(() -> loader.load(policy, GateFixture.DATASET, f.snapshotId, "artifacts/none.csv", null))
        .isInstanceOf(GateException.class).hasMessageContaining("'artifacts/none.csv' does not exist");
    assertThatThrownBy(() -> loader.load(policy, GateFixture.DATASET, f.snapshotId, "../etc/passwd.csv", null))
        .isInstanceOf(GateException.class).hasMessageContaining("not a valid object key");
    assertThatThrownBy(() -> EvaluationLoader.resolveSnapshot(
            f.icegate.tables().dataset(GateFixture.DATASET).orElseThrow(), GateFixture.DATASET, 123L, null))
        .hasMessageContaining("has no snapshot 123");
  }

  @Test
  void checksTheMinimumSampleSize() throws Exception {
    GatePolicy strict = PolicyParser.parse("churn", """
        version: "2"
        task: binary
        evaluation: {id: customer_id, label: churned, minSamples: 1000}
        metrics: [{metric: roc_auc, threshold: 0.5}]
        """, "churn.yaml");
    String cand = f.predictions("artifacts/churn/c2.csv", i -> 0.5);
    assertThatThrownBy(() -> loader.load(strict, GateFixture.DATASET, f.snapshotId, cand, null))
        .hasMessageContaining("the evaluation has 300 rows; policy 'churn' version 2 needs at least 1000");
  }
}
