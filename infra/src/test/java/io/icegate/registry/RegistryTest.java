package io.icegate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icegate.ingest.Json;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration, aliases, rollback and the audit log on a real home (SQLite catalog, local store). */
class RegistryTest {
  @TempDir Path home;
  RegistryFixture f;
  Registry registry;
  long snapshot;

  @BeforeEach
  void open() throws IOException {
    f = new RegistryFixture(home);
    registry = f.registry;
    snapshot = f.upload("first", 20).snapshotId();
  }

  @AfterEach
  void close() throws IOException {
    f.close();
  }

  @Test
  void registersAVerifiedArtifactAndTagsTheTrainingSnapshot() throws IOException {
    String sha = f.artifact("artifacts/churn/model-1.bin", "weights v1");

    ModelVersion v = registry.register("ci-bot", RegistryFixture.request("churn", "artifacts/churn/model-1.bin",
        sha.toUpperCase(), snapshot), "req-1");

    assertThat(v.version()).isEqualTo(1);
    assertThat(v.artifactSha256()).isEqualTo(sha);
    assertThat(v.artifactBytes()).isEqualTo("weights v1".length());
    assertThat(v.artifactUri()).isEqualTo(f.icegate.store().uri(ObjectKey.of("artifacts/churn/model-1.bin")).toString());
    assertThat(v.trainingTag()).isEqualTo("icegate-model-churn-v1");
    assertThat(v.registeredBy()).isEqualTo("ci-bot");
    assertThat(registry.version("churn", 1)).isEqualTo(v);
    SnapshotRef tag = f.trips().refs().get("icegate-model-churn-v1");
    assertThat(tag.isTag()).isTrue();
    assertThat(tag.snapshotId()).isEqualTo(snapshot);
    assertThat(tag.maxRefAgeMs()).as("no max age: expiry keeps it forever").isNull();
    assertThat(registry.events("churn")).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(Action.REGISTER);
      assertThat(e.version()).isEqualTo(1);
      assertThat(e.actor()).isEqualTo("ci-bot");
      assertThat(e.requestId()).isEqualTo("req-1");
      assertThat(e.details().get("trainingTag").asText()).isEqualTo("icegate-model-churn-v1");
    });
  }

  @Test
  void acceptsTheArtifactAsAUriOfTheStoreAndRefusesOtherUris() throws IOException {
    String sha = f.artifact("artifacts/churn/model.bin", "weights");
    String uri = f.icegate.store().uri(ObjectKey.of("artifacts/churn/model.bin")).toString();

    assertThat(registry.register("ci", RegistryFixture.request("churn", uri, sha, snapshot), null).artifactUri())
        .isEqualTo(uri);
    assertThatThrownBy(() -> registry.register("ci",
        RegistryFixture.request("churn", "s3://elsewhere/artifacts/churn/model.bin", sha, snapshot), null))
        .isInstanceOf(RegistryException.Invalid.class)
        .hasMessageContaining("is not in this object store");
  }

  @Test
  void refusesAnArtifactWhoseChecksumDiffersNamingBothSums() throws IOException {
    String sha = f.artifact("artifacts/churn/model.bin", "weights");
    String claimed = "0".repeat(64);

    ChecksumMismatchException e = catchThrowableOfType(ChecksumMismatchException.class, () ->
        registry.register("ci", RegistryFixture.request("churn", "artifacts/churn/model.bin", claimed, snapshot), null));

    assertThat(e.expected()).isEqualTo(claimed);
    assertThat(e.actual()).isEqualTo(sha);
    assertThat(e.bytes()).isEqualTo(7);
    assertThat(e).hasMessageContaining("expected sha256 " + claimed).hasMessageContaining("actual sha256 " + sha);
    assertThatThrownBy(() -> registry.versions("churn")).isInstanceOf(RegistryException.NotFound.class);
    assertThat(f.trips().refs()).containsOnlyKeys("main");
  }

  @Test
  void refusesAMissingArtifactAndMalformedRequests() {
    String sha = "a".repeat(64);
    assertThatThrownBy(() -> registry.register("ci",
        RegistryFixture.request("churn", "artifacts/nothing.bin", sha, snapshot), null))
        .isInstanceOf(RegistryException.Invalid.class)
        .hasMessageContaining("does not exist in the object store (key 'artifacts/nothing.bin')");
    assertThatThrownBy(() -> registry.register("ci",
        RegistryFixture.request("Churn Model", "artifacts/x.bin", sha, snapshot), null))
        .hasMessageContaining("model name 'Churn Model' must match [a-z0-9][a-z0-9_.-]{0,63}");
    assertThatThrownBy(() -> registry.register("ci",
        RegistryFixture.request("churn", "artifacts/x.bin", "abc", snapshot), null))
        .hasMessageContaining("sha256 'abc' is not 64 hexadecimal characters");
    assertThatThrownBy(() -> registry.register("ci",
        RegistryFixture.request("churn", "../etc/passwd", sha, snapshot), null))
        .isInstanceOf(RegistryException.Invalid.class).hasMessageContaining("'..' segment");
  }

  @Test
  void resolvesTheTrainingSnapshotByIdOrByTagAndExplainsWhatIsMissing() throws IOException {
    String sha = f.artifact("artifacts/churn/model.bin", "weights");
    long second = f.upload("second", 5).snapshotId();
    f.trips().manageSnapshots().createTag("gold-2026", snapshot).commit();

    RegisterRequest byTag = new RegisterRequest("churn", "artifacts/churn/model.bin", sha, "trips", null, "gold-2026",
        "abc", null, Json.MAPPER.readTree("{\"auc\": 0.91}"), null, null);
    ModelVersion v = registry.register("ci", byTag, null);
    assertThat(v.trainingSnapshotId()).isEqualTo(snapshot);
    assertThat(v.trainingRef()).isEqualTo("gold-2026");
    assertThat(v.metrics().get("auc").asDouble()).isEqualTo(0.91);

    RegisterRequest disagreeing = new RegisterRequest("churn", "artifacts/churn/model.bin", sha, "trips", second,
        "gold-2026", "abc", null, null, null, null);
    assertThatThrownBy(() -> registry.register("ci", disagreeing, null))
        .hasMessageContaining("training snapshot " + second + " disagrees with tag 'gold-2026'");
    assertThatThrownBy(() -> registry.register("ci", new RegisterRequest("churn", "artifacts/churn/model.bin", sha,
        "trips", null, "silver", "abc", null, null, null, null), null))
        .isInstanceOf(RegistryException.NotFound.class)
        .hasMessageContaining("no tag or branch named 'silver' (it has: branch main, tag gold-2026,"
            + " tag icegate-model-churn-v1)");
    assertThatThrownBy(() -> registry.register("ci", RegistryFixture.request("churn", "artifacts/churn/model.bin", sha,
        12345L), null))
        .isInstanceOf(RegistryException.NotFound.class)
        .hasMessageContaining("snapshot 12345 is not in the history of dataset 'trips'");
    assertThatThrownBy(() -> registry.register("ci", new RegisterRequest("churn", "artifacts/churn/model.bin", sha,
        "flights", snapshot, null, "abc", null, null, null, null), null))
        .isInstanceOf(RegistryException.NotFound.class)
        .hasMessageContaining("dataset 'flights' does not exist");
  }

  @Test
  void theTaggedTrainingSnapshotSurvivesExpiry() throws IOException {
    String sha = f.artifact("artifacts/churn/model.bin", "weights");
    long second = f.upload("second", 7).snapshotId();
    f.upload("third", 9);
    registry.register("ci", RegistryFixture.request("churn", "artifacts/churn/model.bin", sha, second), null);

    Table trips = f.trips();
    trips.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();

    Table after = f.trips();
    assertThat(after.snapshot(snapshot)).as("untagged snapshot expired").isNull();
    assertThat(after.snapshot(second)).as("tagged training snapshot kept").isNotNull();
    assertThat(TableRows.count(after, second)).isEqualTo(20 + 7);
  }

  @Test
  void versionsCountUpPerModel() throws IOException {
    String sha = f.artifact("artifacts/m.bin", "w");
    for (String model : List.of("churn", "fraud", "churn", "churn", "fraud")) {
      registry.register("ci", RegistryFixture.request(model, "artifacts/m.bin", sha, snapshot), null);
    }
    assertThat(registry.versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2, 3);
    assertThat(registry.versions("fraud")).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(registry.models()).extracting(ModelSummary::model, ModelSummary::versions, ModelSummary::latestVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("churn", 3, 3),
            org.assertj.core.groups.Tuple.tuple("fraud", 2, 2));
    assertThatThrownBy(() -> registry.version("churn", 4)).isInstanceOf(RegistryException.NotFound.class)
        .hasMessage("model 'churn' has no version 4 (it has versions 1 to 3)");
  }

  @Test
  void repeatingARequestIdReturnsWhatItDidInsteadOfDoingItTwice() throws IOException {
    String sha = f.artifact("artifacts/m.bin", "w");
    RegisterRequest r = RegistryFixture.request("churn", "artifacts/m.bin", sha, snapshot);
    ModelVersion first = registry.register("ci", r, "run-42");
    assertThat(registry.register("ci", r, "run-42")).isEqualTo(first);
    assertThat(registry.versions("churn")).hasSize(1);

    RegistryEvent promoted = registry.moveAlias("alice", "churn", "production", 1, Expected.unset(), "go", "p-1",
        Action.PROMOTE);
    assertThat(registry.moveAlias("alice", "churn", "production", 1, Expected.unset(), "go", "p-1", Action.PROMOTE))
        .isEqualTo(promoted);
    assertThat(registry.events("churn")).hasSize(2);
  }

  @Test
  void aliasesFollowPromotionsAndRollbacksGoBackOneMoveAtATime() throws IOException {
    registerVersions("churn", 3);

    registry.moveAlias("alice", "churn", "production", 1, Expected.unset(), "first release", "r1", Action.PROMOTE);
    registry.moveAlias("alice", "churn", "production", 2, Expected.version(1), "better auc", "r2", Action.PROMOTE);
    assertThat(registry.alias("churn", "production").version()).isEqualTo(2);
    assertThat(registry.alias("churn", "production").rollbackTarget()).isEqualTo(1);
    registry.moveAlias("bob", "churn", "production", 3, Expected.version(2), "hotfix", "r3", Action.OVERRIDE);

    RegistryEvent back = registry.rollback("carol", "churn", "production", Expected.version(3), "latency", "r4");
    assertThat(back.version()).isEqualTo(2);
    assertThat(back.fromVersion()).isEqualTo(3);
    assertThat(registry.alias("churn", "production").version()).isEqualTo(2);

    // the second rollback undoes the promotion of 2, it does not return to 3
    registry.rollback("carol", "churn", "production", Expected.anything(), "still bad", "r5");
    AliasState state = registry.alias("churn", "production");
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.rollbackTarget()).isNull();
    assertThat(state.lastAction()).isEqualTo(Action.ROLLBACK);
    assertThat(state.movedBy()).isEqualTo("carol");

    assertThatThrownBy(() -> registry.rollback("carol", "churn", "production", null, "again", "r6"))
        .isInstanceOf(RegistryException.Invalid.class)
        .hasMessageContaining("has no earlier target to roll back to: version 1 is the first it pointed at");
    assertThatThrownBy(() -> registry.rollback("carol", "churn", "staging", null, null, null))
        .hasMessageContaining("alias 'staging' of model 'churn' is not set: there is nothing to roll back");

    registry.moveAlias("alice", "churn", "production", 3, Expected.version(1), null, "r7", Action.PROMOTE);
    assertThat(registry.rollback("alice", "churn", "production", Expected.version(3), null, "r8").version())
        .isEqualTo(1);

    List<RegistryEvent> log = registry.events("churn");
    assertThat(log).extracting(RegistryEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(log).extracting(e -> e.action().json() + ":" + e.fromVersion() + "->" + e.version())
        .containsExactly("register:null->1", "register:null->2", "register:null->3",
            "promote:null->1", "promote:1->2", "override:2->3", "rollback:3->2", "rollback:2->1",
            "promote:1->3", "rollback:3->1");
    assertThat(log).extracting(RegistryEvent::at).isSorted();
    assertThat(log.get(5).reason()).isEqualTo("hotfix");
    assertThat(log.get(5).actor()).isEqualTo("bob");
    assertThat(log.get(5).requestId()).isEqualTo("r3");
  }

  @Test
  void compareAndSwapRefusesAStaleExpectationWithTheCurrentState() throws IOException {
    registerVersions("churn", 2);
    registry.moveAlias("alice", "churn", "production", 1, Expected.unset(), null, null, Action.PROMOTE);

    AliasConflictException stale = catchThrowableOfType(AliasConflictException.class, () ->
        registry.moveAlias("bob", "churn", "production", 2, Expected.unset(), null, null, Action.PROMOTE));
    assertThat(stale.current().version()).isEqualTo(1);
    assertThat(stale.current().movedBy()).isEqualTo("alice");
    assertThat(stale).hasMessageStartingWith("alias 'production' of model 'churn' points at version 1 (promote by alice")
        .hasMessageEndingWith("not the expected unset");
    assertThatThrownBy(() ->
        registry.moveAlias("bob", "churn", "production", 2, Expected.version(2), null, null, Action.PROMOTE))
        .isInstanceOf(AliasConflictException.class).hasMessageEndingWith("not the expected version 2");
    assertThatThrownBy(() ->
        registry.moveAlias("bob", "churn", "staging", 2, Expected.version(1), null, null, Action.PROMOTE))
        .isInstanceOf(AliasConflictException.class).hasMessageContaining("'staging' of model 'churn' is not set");
    assertThat(registry.events("churn")).hasSize(3);
  }

  @Test
  void parsesExpectationsAsCallersSendThem() {
    assertThat(Expected.parse(null)).isEqualTo(Expected.anything());
    assertThat(Expected.parse(" unset ")).isEqualTo(Expected.unset());
    assertThat(Expected.parse("3")).isEqualTo(Expected.version(3));
    assertThatThrownBy(() -> Expected.parse("v3")).isInstanceOf(RegistryException.Invalid.class)
        .hasMessage("expected current target 'v3' must be a version number (1, 2, ...) or 'unset'");
    assertThatThrownBy(() -> Expected.parse("0")).isInstanceOf(RegistryException.Invalid.class);
  }

  @Test
  void refusesMovesThatCanNeverSucceed() throws IOException {
    registerVersions("churn", 1);
    assertThatThrownBy(() -> registry.moveAlias("bob", "churn", "production", 7, null, null, null, Action.PROMOTE))
        .isInstanceOf(RegistryException.NotFound.class).hasMessage("model 'churn' has no version 7 (it has versions 1 to 1)");
    assertThatThrownBy(() -> registry.moveAlias("bob", "fraud", "production", 1, null, null, null, Action.PROMOTE))
        .isInstanceOf(RegistryException.NotFound.class).hasMessage("no model named 'fraud' is registered");
    assertThatThrownBy(() -> registry.moveAlias("bob", "churn", "production", 1, null, " ", null, Action.OVERRIDE))
        .isInstanceOf(RegistryException.Invalid.class).hasMessageContaining("reason (an override must say why) is missing");
    assertThatThrownBy(() -> registry.moveAlias("bob", "churn", "Prod", 1, null, null, null, Action.PROMOTE))
        .hasMessageContaining("alias name 'Prod' must match");
    assertThatThrownBy(() -> registry.moveAlias(" ", "churn", "prod", 1, null, null, null, Action.PROMOTE))
        .hasMessage("actor is missing");
    assertThat(registry.events("churn")).hasSize(1);
  }

  @Test
  void theAuditLogOfAllModelsIsOrderedByTimeThenIdAndModelsShowTheirAliases() throws IOException {
    registerVersions("churn", 2);
    registerVersions("fraud", 1);
    registry.moveAlias("alice", "fraud", "production", 1, null, null, null, Action.PROMOTE);
    registry.moveAlias("alice", "churn", "staging", 2, null, null, null, Action.PROMOTE);
    registry.moveAlias("alice", "churn", "production", 1, null, null, null, Action.PROMOTE);

    List<RegistryEvent> all = registry.events();
    assertThat(all).hasSize(6);
    assertThat(all).isSortedAccordingTo(EventLog.TIME_ORDER);
    assertThat(all).extracting(RegistryEvent::eventId).doesNotHaveDuplicates();
    assertThat(registry.models()).extracting(ModelSummary::aliases).map(Object::toString)
        .containsExactly("{production=1, staging=2}", "{production=1}");
    assertThat(registry.aliases("churn")).extracting(AliasState::alias).containsExactly("production", "staging");
    assertThat(Json.MAPPER.writeValueAsString(all.get(0))).contains("\"action\":\"register\"");
  }

  private void registerVersions(String model, int n) throws IOException {
    String sha = f.artifact("artifacts/" + model + ".bin", "weights of " + model);
    for (int i = 0; i < n; i++) {
      registry.register("ci", RegistryFixture.request(model, "artifacts/" + model + ".bin", sha, snapshot), null);
    }
  }
}
