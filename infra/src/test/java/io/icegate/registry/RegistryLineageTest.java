package io.icegate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.ingest.IngestFixture;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lineage of a version trained on a dataset that the real ingest function built. */
class RegistryLineageTest {
  @TempDir Path home;

  @Test
  void listsTheUploadsBehindTheTrainingSnapshotBeforeAndAfterExpiry() throws Exception {
    try (RegistryFixture f = new RegistryFixture(home)) {
      IngestReport first = f.upload("jan", 12);
      IngestReport second = f.upload("feb", 8);
      IngestReport later = f.upload("mar", 5);
      String sha = f.artifact("artifacts/churn/v1.onnx", "onnx bytes");
      ModelVersion v = f.registry.register("ci", new RegisterRequest("churn", "artifacts/churn/v1.onnx", sha, "trips",
          second.snapshotId(), null, "9f8e7d6c", null, null, null, null), null);

      Lineage lineage = f.registry.lineage("churn", 1);

      assertThat(lineage.artifact()).isEqualTo(new Lineage.Artifact(v.artifactUri(), sha, "onnx bytes".length()));
      assertThat(lineage.codeCommit()).isEqualTo("9f8e7d6c");
      assertThat(lineage.training().snapshotId()).isEqualTo(second.snapshotId());
      assertThat(lineage.training().tag()).isEqualTo("icegate-model-churn-v1");
      assertThat(lineage.training().tagInPlace()).isTrue();
      assertThat(lineage.ancestryComplete()).isTrue();
      assertThat(lineage.otherCommits()).isEmpty();
      assertThat(lineage.uploads()).extracting(Lineage.Upload::batchId)
          .as("newest first, and not the later upload").containsExactly(second.batchId(), first.batchId());
      Lineage.Upload feb = lineage.uploads().get(0);
      assertThat(feb.snapshotId()).isEqualTo(second.snapshotId());
      assertThat(feb.sourceUri()).isEqualTo(second.sourceUri());
      assertThat(feb.sourceKey()).isEqualTo("landing/trips/feb.csv");
      assertThat(feb.sourceSha256()).isEqualTo(RegistryFixture.sha256(
          IngestFixture.trips("feb", 8).getBytes(StandardCharsets.UTF_8)));
      assertThat(feb.sourceSha256()).isEqualTo(second.sha256());
      assertThat(feb.sourceBytes()).isEqualTo(second.bytes());
      assertThat(feb.sourceEtag()).isEqualTo(second.etag());
      assertThat(feb.contractId()).isEqualTo("urn:icegate:test:trips");
      assertThat(feb.contractVersion()).isEqualTo("1.0.0");
      assertThat(feb.rowsAccepted()).isEqualTo(8);
      assertThat(feb.rowsRejected()).isZero();
      assertThat(feb.archiveKey()).isEqualTo(second.archive());
      assertThat(feb.evidence()).isEqualTo(Lineage.Evidence.SNAPSHOT);

      JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(lineage));
      assertThat(json.at("/training/dataset").asText()).isEqualTo("trips");
      assertThat(json.at("/uploads/1/evidence").asText()).isEqualTo("snapshot");
      assertThat(json.at("/uploads/1/contractVersion").asText()).isEqualTo("1.0.0");
      assertThat(json.at("/uploads/0/committedAt").asText()).endsWith("Z");

      // expiry keeps the tagged training snapshot but drops its parent: the ingest log fills in
      f.trips().expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
      Lineage expired = f.registry.lineage("churn", 1);
      assertThat(expired.ancestryComplete()).isFalse();
      assertThat(expired.uploads()).extracting(Lineage.Upload::batchId, Lineage.Upload::evidence).containsExactly(
          org.assertj.core.groups.Tuple.tuple(second.batchId(), Lineage.Evidence.SNAPSHOT),
          org.assertj.core.groups.Tuple.tuple(first.batchId(), Lineage.Evidence.INGEST_LOG));
      Lineage.Upload jan = expired.uploads().get(1);
      assertThat(jan.snapshotId()).isEqualTo(first.snapshotId());
      assertThat(jan.sourceSha256()).isEqualTo(first.sha256());
      assertThat(jan.contractVersion()).isEqualTo("1.0.0");
      assertThat(jan.rowsAccepted()).isEqualTo(12);
      assertThat(later.snapshotId()).isNotNull();
    }
  }
}
