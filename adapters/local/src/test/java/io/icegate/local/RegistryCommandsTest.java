package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry lifecycle from the shell, end to end on a temp home: register, gate a worse and a
 * better candidate, promote, promote again, roll back, and read it all back.
 */
class RegistryCommandsTest {
  @TempDir Path dir;

  @Test
  void registerGatePromoteRollBackAndReadTheAuditLog() throws Exception {
    Cli cli = new Cli(dir.resolve("home"));
    ChurnData data = new ChurnData(300);
    Path objects = dir.resolve("home/objects");

    ok(cli.run("contracts", "put", ChurnData.contract().toString()));
    Cli.Run ingest = ok(cli.run("--json", "ingest", data.evaluation(dir.resolve("eval.csv")).toString(),
        "--dataset", ChurnData.DATASET));
    String snapshot = ingest.json().get("snapshotId").asText();

    Cli.Run put = ok(cli.run("policies", "put", ChurnData.policy().toString(), "--model", "churn"));
    assertThat(put.out()).contains("stored policy version 1 for model churn")
        .contains(objects.resolve("config/policies/churn.yaml").toString());

    // v1 from a local file: the sha256 is computed and the file copied under artifacts/churn/
    Path model = Fixtures.write(dir.resolve("build/model.bin"), "weights v1");
    Cli.Run v1 = ok(cli.run("models", "register", model.toString(), "--model", "churn",
        "--dataset", ChurnData.DATASET, "--snapshot", snapshot, "--commit", "abc1", "--param", "lr=0.1",
        "--param", "depth=6", "--owner", "ml@example.com", "--description", "first"));
    assertThat(v1.err()).contains("sha256 " + sha256("weights v1") + " computed from " + model)
        .contains("artifact copied to " + objects.resolve("artifacts/churn/model.bin"));
    assertThat(v1.out()).contains("registered churn version 1").contains("sha256     " + sha256("weights v1"))
        .contains("trained on churn_eval@" + snapshot + ", kept by tag icegate-model-churn-v1")
        .contains("commit     abc1");

    // v2: a rebuilt file of the same name keeps v1's artifact intact; training pinned by the tag v1 put in place
    Fixtures.write(model, "weights v2");
    Cli.Run v2 = ok(cli.run("models", "register", model.toString(), "--model", "churn", "--dataset",
        ChurnData.DATASET, "--tag", "icegate-model-churn-v1", "--sha256", sha256("weights v2"), "--commit", "abc2"));
    assertThat(v2.out()).contains("registered churn version 2")
        .contains("trained on churn_eval@" + snapshot + " (requested as 'icegate-model-churn-v1')");
    assertThat(objects.resolve("artifacts/churn/model.bin")).hasContent("weights v1");
    assertThat(objects.resolve("artifacts/churn/" + sha256("weights v2").substring(0, 12) + "/model.bin"))
        .hasContent("weights v2");

    // v3 from an object key already in the store; a wrong checksum is refused with the registry's message
    Fixtures.write(objects.resolve("artifacts/churn/v3/model.bin"), "weights v3");
    Cli.Run wrong = cli.run("models", "register", "artifacts/churn/v3/model.bin", "--model", "churn",
        "--dataset", ChurnData.DATASET, "--snapshot", snapshot, "--sha256", sha256("something else"), "--commit", "x");
    assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.err()).contains("does not match its checksum: expected sha256 " + sha256("something else"))
        .doesNotContain("ICEGATE_DEBUG");
    JsonNode v3 = ok(cli.run("--json", "models", "register", "artifacts/churn/v3/model.bin", "--model", "churn",
        "--dataset", ChurnData.DATASET, "--snapshot", snapshot, "--sha256", sha256("weights v3"), "--commit", "abc3"))
        .json();
    assertThat(v3.get("version").asInt()).isEqualTo(3);
    assertThat(v3.get("artifactUri").asText()).endsWith("objects/artifacts/churn/v3/model.bin");
    assertThat(v3.get("trainingTag").asText()).isEqualTo("icegate-model-churn-v3");

    // v1 has no baseline yet: judged on the absolute thresholds only
    Cli.Run g1 = ok(cli.run("gate", "churn", "--version", "1", "--dataset", ChurnData.DATASET, "--snapshot", snapshot,
        "--predictions", data.predictions(dir.resolve("preds-v1.csv"), 0.8, 1).toString()));
    assertThat(g1.out()).contains("churn version 1: PASSED").contains("baseline    none")
        .contains("evaluation  churn_eval@" + snapshot + ", 300 rows");

    // predictions that skip rows are refused, not evaluated on fewer rows; the refused copy is removed
    Path partial = Fixtures.write(dir.resolve("partial.csv"),
        Files.readString(data.predictions(dir.resolve("all.csv"), 0.8, 1)).lines().limit(11)
            .reduce("", (a, b) -> a + b + "\n"));
    Cli.Run skipped = cli.run("gate", "churn", "--version", "1", "--dataset", ChurnData.DATASET, "--snapshot", snapshot,
        "--predictions", partial.toString());
    assertThat(skipped.exit()).as(skipped.toString()).isEqualTo(1);
    assertThat(skipped.err()).contains(" miss 290 of the 300 evaluation rows, e.g. ids ");
    try (var copies = Files.list(objects.resolve("artifacts/churn/predictions"))) {
      assertThat(copies).hasSize(1);
    }

    Cli.Run ungated = cli.run("promote", "churn", "--alias", "production", "--version", "2");
    assertThat(ungated.exit()).as(ungated.toString()).isEqualTo(1);
    assertThat(ungated.err()).contains("icegate: version 2 of model 'churn' has no passing gate decision under policy"
        + " version 1");
    Cli.Run p1 = ok(cli.run("promote", "churn", "--alias", "production", "--version", "1", "--expect", "unset",
        "--reason", "first release"));
    assertThat(p1.out()).contains("production of churn -> version 1 (was unset)").contains("reason    first release")
        .contains("evidence  gate decision");

    // v2 is worse than v1, the baseline: FAILED, exit 1, with the failed checks explained
    Cli.Run g2 = cli.run("--json", "gate", "churn", "--version", "2", "--dataset", ChurnData.DATASET,
        "--tag", "icegate-model-churn-v1", "--predictions", data.predictions(dir.resolve("preds-v2.csv"), 3.0, 2).toString());
    assertThat(g2.exit()).as(g2.toString()).isEqualTo(1);
    JsonNode d2 = g2.json();
    assertThat(d2.get("passed").asBoolean()).isFalse();
    assertThat(d2.get("baselineVersion").asInt()).isEqualTo(1);
    assertThat(d2.get("candidatePredictions").get("key").asText()).startsWith("artifacts/churn/predictions/")
        .endsWith("-preds-v2.csv");
    List<String> failed = new ArrayList<>();
    d2.get("checks").forEach(c -> {
      if (!c.get("passed").asBoolean()) {
        failed.add(c.get("subject").asText() + " " + c.get("criterion").asText());
      }
    });
    assertThat(failed).contains("roc_auc non_inferiority_margin");
    assertThat(objects.resolve(d2.get("reportKey").asText())).exists();
    Cli.Run g2text = cli.run("gate", "churn", "--version", "2", "--dataset", ChurnData.DATASET, "--snapshot", snapshot,
        "--predictions", d2.get("candidatePredictions").get("key").asText());
    assertThat(g2text.exit()).as(g2text.toString()).isEqualTo(1);
    assertThat(g2text.out()).contains("churn version 2: FAILED").contains("FAIL  roc_auc non_inferiority_margin: ")
        .contains("baseline    version 1");

    // v3 is better: PASSED with the interval of the difference, the report on disk
    Cli.Run g3 = ok(cli.run("gate", "churn", "--version", "3", "--dataset", ChurnData.DATASET, "--snapshot", snapshot,
        "--predictions", data.predictions(dir.resolve("preds-v3.csv"), 0.2, 3).toString()));
    assertThat(g3.out()).contains("churn version 3: PASSED").contains("checks      ").contains(", 0 failed")
        .containsPattern("roc_auc +higher +0\\.\\d{4} +0\\.\\d{4} +\\+0\\.\\d{4}  95% \\[\\+0\\.\\d{4}, \\+0\\.\\d{4}\\]");
    String report = line(g3.out(), "  report      ").trim();
    assertThat(Path.of(report)).exists().startsWith(objects.resolve("reports"));

    // a stale expectation loses the compare-and-swap; the right one wins
    Cli.Run stale = cli.run("--json", "promote", "churn", "--alias", "production", "--version", "3", "--expect", "2");
    assertThat(stale.exit()).as(stale.toString()).isEqualTo(1);
    assertThat(stale.json().get("reason").asText()).isEqualTo("conflict");
    assertThat(stale.json().get("current").get("version").asInt()).isEqualTo(1);
    assertThat(stale.err()).contains("alias 'production' of model 'churn' points at version 1");
    JsonNode p3 = ok(cli.run("--json", "promote", "churn", "--alias", "production", "--version", "3", "--expect", "1",
        "--reason", "better auc")).json();
    assertThat(p3.get("action").asText()).isEqualTo("promote");
    assertThat(p3.get("fromVersion").asInt()).isEqualTo(1);
    assertThat(p3.get("version").asInt()).isEqualTo(3);
    assertThat(p3.get("details").get("policyVersion").asText()).isEqualTo("1");

    Cli.Run rollback = ok(cli.run("rollback", "churn", "--alias", "production", "--expect", "3", "--reason", "latency"));
    assertThat(rollback.out()).contains("production of churn -> version 1 (was version 3)")
        .contains("rollback  by local:");

    // the owner of the home may override the gate, with a reason, and it is recorded as such
    Cli.Run noReason = cli.run("promote", "churn", "--alias", "staging", "--version", "2", "--override");
    assertThat(noReason.exit()).as(noReason.toString()).isEqualTo(1);
    assertThat(noReason.err()).contains("icegate: an override must give a reason");
    assertThat(ok(cli.run("promote", "churn", "--alias", "staging", "--version", "2", "--override", "--reason",
        "try v2 on staging")).out()).contains("staging of churn -> version 2 (was unset)")
        .contains("override  by local:").contains("OVERRIDE  no gate evidence was required");

    // the reads
    JsonNode list = ok(cli.run("--json", "models", "list")).json();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("model").asText()).isEqualTo("churn");
    assertThat(list.get(0).get("versions").asInt()).isEqualTo(3);
    assertThat(list.get(0).get("aliases").get("production").asInt()).isEqualTo(1);
    assertThat(ok(cli.run("models", "list")).out()).containsPattern("churn +3 +3 .* production=1, staging=2");

    JsonNode show = ok(cli.run("--json", "models", "show", "churn")).json();
    assertThat(show.get("versions")).hasSize(3);
    JsonNode mv1 = show.get("versions").get(0);
    assertThat(mv1.get("version").asInt()).isEqualTo(1);
    assertThat(mv1.get("artifactSha256").asText()).isEqualTo(sha256("weights v1"));
    assertThat(mv1.get("artifactUri").asText()).endsWith("objects/artifacts/churn/model.bin");
    assertThat(mv1.get("trainingSnapshotId").asText()).isEqualTo(snapshot);
    assertThat(mv1.get("params").get("lr").asText()).isEqualTo("0.1");
    assertThat(mv1.get("params").get("depth").asText()).isEqualTo("6");
    assertThat(mv1.get("owners").get(0).asText()).isEqualTo("ml@example.com");
    assertThat(mv1.get("registeredBy").asText()).isEqualTo("local:" + System.getProperty("user.name"));
    assertThat(show.get("aliases").get(0).get("alias").asText()).isEqualTo("production");
    assertThat(show.get("aliases").get(0).get("version").asInt()).isEqualTo(1);
    assertThat(show.get("gateDecisions")).hasSize(4);
    assertThat(show.get("gateDecisions").get(1).get("passed").asBoolean()).isFalse();
    assertThat(show.get("events").asInt()).isEqualTo(7);
    Cli.Run showText = ok(cli.run("models", "show", "churn"));
    assertThat(showText.out()).contains("churn: 3 versions").contains("production   -> version 1")
        .contains("version 2   FAILED  policy 1, churn_eval@" + snapshot + ", baseline version 1, ")
        .contains("version 3   PASSED  policy 1").contains("recent events (7 of 7;");

    JsonNode lineage = ok(cli.run("--json", "models", "lineage", "churn", "--version", "1")).json();
    assertThat(lineage.get("artifact").get("sha256").asText()).isEqualTo(sha256("weights v1"));
    assertThat(lineage.get("codeCommit").asText()).isEqualTo("abc1");
    assertThat(lineage.get("training").get("snapshotId").asText()).isEqualTo(snapshot);
    assertThat(lineage.get("training").get("tagInPlace").asBoolean()).isTrue();
    JsonNode upload = lineage.get("uploads").get(0);
    assertThat(upload.get("sourceUri").asText()).endsWith("landing/churn_eval/eval.csv");
    assertThat(upload.get("sourceSha256").asText()).isEqualTo(ingest.json().get("sha256").asText());
    assertThat(upload.get("contractVersion").asText()).isEqualTo("1.0.0");
    Cli.Run tree = ok(cli.run("models", "lineage", "churn", "--version", "1"));
    assertThat(tree.out()).contains("churn version 1").contains("|- code commit   abc1")
        .contains("`- training data churn_eval @ snapshot " + snapshot)
        .contains("kept by     tag icegate-model-churn-v1")
        .contains("contract  urn:icegate:samples:churn-eval 1.0.0");

    JsonNode events = ok(cli.run("--json", "models", "events", "churn")).json();
    List<String> actions = new ArrayList<>();
    events.forEach(e -> actions.add(e.get("action").asText() + (e.get("alias").isNull() ? "" : " " + e.get("alias").asText())
        + " " + e.get("version").asInt()));
    assertThat(actions).containsExactly("register 1", "register 2", "register 3", "promote production 1",
        "promote production 3", "rollback production 1", "override staging 2");
    assertThat(events.get(5).get("reason").asText()).isEqualTo("latency");
    assertThat(events.get(6).get("details").get("override").asBoolean()).isTrue();
    assertThat(ok(cli.run("models", "events")).out()).contains("MODEL").contains("rollback");
  }

  @Test
  void usageErrorsExitTwoAndNothingIsRegistered() throws IOException {
    Cli cli = new Cli(dir.resolve("home"));
    Path model = Fixtures.write(dir.resolve("model.bin"), "weights");

    Cli.Run noModel = cli.run("models", "register", model.toString(), "--dataset", "d", "--snapshot", "1",
        "--commit", "c");
    assertThat(noModel.exit()).isEqualTo(2);
    assertThat(noModel.err()).contains("Missing required option: '--model=NAME'");

    Cli.Run both = cli.run("models", "register", model.toString(), "--model", "m", "--dataset", "d",
        "--snapshot", "1", "--tag", "t", "--commit", "c");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--snapshot=ID, --tag=TAG are mutually exclusive");

    Cli.Run neither = cli.run("gate", "m", "--version", "1", "--dataset", "d", "--predictions", model.toString());
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.err()).contains("Missing required argument (specify one of these): (--snapshot=ID | --tag=TAG)");

    Cli.Run badName = cli.run("models", "register", model.toString(), "--model", "Churn!", "--dataset", "d",
        "--snapshot", "1", "--commit", "c");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).contains("model name 'Churn!' must match");

    Cli.Run badExpect = cli.run("promote", "m", "--alias", "production", "--version", "1", "--expect", "latest");
    assertThat(badExpect.exit()).isEqualTo(2);
    assertThat(badExpect.err()).contains("--expect: expected current target 'latest' must be a version number");

    Cli.Run missing = cli.run("models", "register", dir.resolve("nope.bin").toString(), "--model", "m",
        "--dataset", "d", "--snapshot", "1", "--commit", "c");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("artifact '" + dir.resolve("nope.bin") + "' is neither a local file nor an object");

    assertThat(dir.resolve("home/objects/artifacts")).doesNotExist();

    Cli.Run help = cli.run("gate", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: icegate gate").contains("-h, --help").contains("tag or branch of the dataset");
  }

  @Test
  void refusalsExitOneWithTheDomainMessage() throws IOException {
    Cli cli = new Cli(dir.resolve("home"));
    Cli.Run unknown = cli.run("--json", "promote", "nope", "--alias", "production", "--version", "1");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).contains("icegate: no model named 'nope' is registered");
    assertThat(unknown.json().get("reason").asText()).isEqualTo("not_found");

    // a refused registration leaves no copy of the artifact behind
    Path model = Fixtures.write(dir.resolve("model.bin"), "weights");
    Cli.Run noDataset = cli.run("models", "register", model.toString(), "--model", "m", "--dataset", "d",
        "--snapshot", "1", "--commit", "c");
    assertThat(noDataset.exit()).as(noDataset.toString()).isEqualTo(1);
    assertThat(noDataset.err()).contains("icegate: dataset 'd' does not exist (no table datasets.d)");
    assertThat(dir.resolve("home/objects/artifacts/m/model.bin")).doesNotExist();

    Cli.Run noPolicy = cli.run("gate", "nope", "--version", "1", "--dataset", "d", "--snapshot", "1",
        "--predictions", "x.csv");
    assertThat(noPolicy.exit()).isEqualTo(1);
    assertThat(noPolicy.err()).contains("model 'nope' has no gate policy at config/policies/nope.yaml");

    Path bad = Fixtures.write(dir.resolve("bad.yaml"), """
        version: "1"
        task: binary
        evaluation:
          id: customer_id
          label: churned
        metrics:
          - metric: roc_aux
            threshold: 0.7
          - metric: log_loss
            treshold: 0.6
        """);
    Cli.Run check = cli.run("policies", "check", bad.toString());
    assertThat(check.exit()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains(bad + ":7:13 metrics[0].metric: unknown binary metric 'roc_aux'; did you mean 'roc_auc'?")
        .contains(bad + ":10:5 metrics[1].treshold: unknown field 'treshold' in a metric rule; did you mean 'threshold'?")
        .contains(bad + ": 3 problems");
    JsonNode json = cli.run("--json", "policies", "put", bad.toString(), "--model", "churn").json();
    assertThat(json.get("stored").asBoolean()).isFalse();
    assertThat(json.get("problems").get(0).get("line").asInt()).isEqualTo(7);
    assertThat(dir.resolve("home/objects/config/policies/churn.yaml")).doesNotExist();

    Cli.Run sample = cli.run("policies", "check", ChurnData.policy().toString());
    assertThat(sample.exit()).as(sample.toString()).isZero();
    assertThat(sample.out()).contains("valid (policy version 1)").contains("metric      roc_auc threshold 0.7");

    // changed rules under the same version would make old decisions mean something else
    ok(cli.run("policies", "put", ChurnData.policy().toString(), "--model", "churn"));
    assertThat(ok(cli.run("policies", "put", ChurnData.policy().toString(), "--model", "churn")).out())
        .contains("already in force, unchanged");
    String stricter = Files.readString(ChurnData.policy()).replace("threshold: 0.70", "threshold: 0.75");
    Path v1 = Fixtures.write(dir.resolve("stricter/churn.yaml"), stricter);
    Cli.Run same = cli.run("policies", "put", v1.toString(), "--model", "churn");
    assertThat(same.exit()).isEqualTo(1);
    assertThat(same.out()).contains("refused: policy version 1 of model 'churn' is already in force with other content");
    Path v2 = Fixtures.write(dir.resolve("v2/churn.yaml"), stricter.replace("version: \"1\"", "version: \"2\""));
    assertThat(ok(cli.run("policies", "put", v2.toString(), "--model", "churn")).out())
        .contains("stored policy version 2 for model churn (replaces version 1)");
  }

  private static Cli.Run ok(Cli.Run run) {
    assertThat(run.exit()).as(run.toString()).isZero();
    return run;
  }

  private static String line(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
