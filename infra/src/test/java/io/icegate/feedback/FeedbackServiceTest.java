package io.icegate.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.feedback.FeedbackOutcome.Status;
import io.icegate.ingest.IngestFunction;
import io.icegate.store.ObjectKey;
import io.icegate.table.IcegateTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels through the real ingest into the real {@code feedback} table: idempotency, corrections, refusals. */
class FeedbackServiceTest {
  @TempDir Path dir;
  FeedbackFixture f;

  @BeforeEach
  void open() throws Exception {
    f = new FeedbackFixture(dir);
    f.upload("predictions", "log.csv", new FeedbackFixture.Log().add("r-1", 0.9).add("r-2", 0.2).toString());
  }

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  @Test
  void labelsLandThroughTheIngestWithLineage() throws Exception {
    FeedbackBatch b = f.feedback.record("alice-token", List.of(
        new FeedbackItem("r-1", "1", "human:alice"),
        new FeedbackItem("r-2", "0", "crm"),
        new FeedbackItem("r-404", "1", "crm")), false);

    assertThat(b.items()).extracting(FeedbackOutcome::status).containsExactly(Status.RECORDED, Status.RECORDED,
        Status.RECORDED);
    assertThat(b.items()).extracting(FeedbackOutcome::knownRequestId).containsExactly(true, true, false);
    // unknown ids are accepted (labels may arrive before the log) and said so
    assertThat(b.unknownRequestIds()).isEqualTo(1);
    assertThat(b.items().get(2).warning()).isEqualTo(
        "request id 'r-404' is not in dataset 'predictions' (yet); the label is recorded anyway");
    assertThat(b.items().get(0).warning()).isNull();
    assertThat(b.recorded()).isEqualTo(3);
    assertThat(b.ingest().status()).isEqualTo("committed");
    assertThat(b.ingest().rows()).isEqualTo(3);
    assertThat(b.ingest().key()).startsWith("landing/feedback/api-20260304T090000Z-").endsWith(".jsonl");

    Table table = f.feedbackTable();
    List<Record> rows = FeedbackFixture.rows(table);
    assertThat(rows).hasSize(3);
    Record alice = rows.stream().filter(r -> r.getField("request_id").equals("r-1")).findFirst().orElseThrow();
    assertThat(alice.getField("label")).isEqualTo("1");
    assertThat(alice.getField("source")).isEqualTo("human:alice");
    assertThat(alice.getField("actor")).isEqualTo("alice-token");
    assertThat(alice.getField("feedback_id")).isEqualTo(b.items().get(0).feedback().feedbackId());
    assertThat(alice.getField("corrects")).isNull();
    // the snapshot carries the upload's lineage like any ingest
    Snapshot s = table.currentSnapshot();
    assertThat(s.snapshotId()).isEqualTo(b.ingest().snapshotId());
    assertThat(s.summary().get(IcegateTables.BATCH_ID)).isEqualTo(b.ingest().batchId());
    assertThat(s.summary().get(IcegateTables.SOURCE_URI)).endsWith(b.ingest().key());
    assertThat(s.summary().get(IcegateTables.CONTRACT_VERSION)).isEqualTo("1.1.0");
    assertThat(f.icegate.store().stat(ObjectKey.of(b.ingest().key()))).isEmpty();
    assertThat(f.icegate.store().list("archive/feedback/" + b.ingest().batchId() + "/")).hasSize(1);
  }

  @Test
  void theSameLabelIsADuplicateAndADifferentOneACorrection() throws Exception {
    FeedbackOutcome first = one("r-1", "1", "human:alice");
    assertThat(first.status()).isEqualTo(Status.RECORDED);
    long snapshots = snapshots();

    FeedbackBatch again = f.feedback.record("api", List.of(new FeedbackItem("r-1", "1", "human:alice")), false);
    assertThat(again.items().get(0).status()).isEqualTo(Status.DUPLICATE);
    assertThat(again.items().get(0).feedback()).isEqualTo(first.feedback());
    assertThat(again.ingest()).isNull();
    assertThat(snapshots()).as("a duplicate writes nothing").isEqualTo(snapshots);

    f.clock.advance(Duration.ofMinutes(5));
    FeedbackOutcome corrected = one("r-1", "0", "human:alice");
    assertThat(corrected.status()).isEqualTo(Status.CORRECTED);
    assertThat(corrected.previousLabel()).isEqualTo("1");
    assertThat(corrected.feedback().corrects()).isEqualTo(first.feedback().feedbackId());
    assertThat(corrected.feedback().ts()).isAfter(first.feedback().ts());
    assertThat(one("r-1", "0", "human:alice").status()).isEqualTo(Status.DUPLICATE);

    // another source labels the same request independently
    FeedbackOutcome crm = one("r-1", "1", "crm");
    assertThat(crm.status()).isEqualTo(Status.RECORDED);
    assertThat(crm.feedback().corrects()).isNull();

    // back to the first label: a correction of the correction, with a new id
    FeedbackOutcome back = one("r-1", "1", "human:alice");
    assertThat(back.status()).isEqualTo(Status.CORRECTED);
    assertThat(back.feedback().corrects()).isEqualTo(corrected.feedback().feedbackId());
    assertThat(back.feedback().feedbackId()).isNotEqualTo(first.feedback().feedbackId());

    // append-only: every label ever given is still there, with its chain
    List<Record> rows = FeedbackFixture.rows(f.feedbackTable());
    assertThat(rows).extracting(r -> r.getField("source") + ":" + r.getField("label") + ":" + r.getField("corrects"))
        .containsExactlyInAnyOrder("human:alice:1:null", "human:alice:0:" + first.feedback().feedbackId(),
            "crm:1:null", "human:alice:1:" + corrected.feedback().feedbackId());
  }

  @Test
  void aBatchIsAppliedInOrderAsIfSentOneAtATime() throws Exception {
    FeedbackBatch b = f.feedback.record("api", List.of(
        new FeedbackItem("r-1", "1", "human:bob"),
        new FeedbackItem("r-1", "1", "human:bob"),
        new FeedbackItem("r-1", "0", "human:bob"),
        new FeedbackItem("r-2", "0", "human:bob")), false);
    assertThat(b.items()).extracting(FeedbackOutcome::status)
        .containsExactly(Status.RECORDED, Status.DUPLICATE, Status.CORRECTED, Status.RECORDED);
    assertThat(List.of(b.recorded(), b.duplicates(), b.corrected(), b.refused())).containsExactly(2, 1, 1, 0);
    FeedbackRecord first = b.items().get(0).feedback();
    FeedbackRecord correction = b.items().get(2).feedback();
    assertThat(correction.corrects()).isEqualTo(first.feedbackId());
    // one clock reading for the batch, yet "the latest ts counts" still picks the correction
    assertThat(correction.ts()).isEqualTo(first.ts().plus(1, ChronoUnit.MICROS));
    assertThat(b.ingest().rows()).isEqualTo(3);
    assertThat(FeedbackFixture.rows(f.feedbackTable())).hasSize(3);
  }

  @Test
  void badItemsAreRefusedOneByOneWithTheirReason() throws Exception {
    FeedbackBatch b = f.feedback.record("api", List.of(
        new FeedbackItem("r-1", "", "crm"),
        new FeedbackItem("r-1", "1", null),
        new FeedbackItem("r-1", " 1", "crm"),
        new FeedbackItem("x".repeat(129), "1", "crm"),
        new FeedbackItem("r-1", "1", "crm\n"),
        new FeedbackItem("r-2", "1", "   "),
        new FeedbackItem("r-2", "1", "crm")), false);
    assertThat(b.items()).extracting(FeedbackOutcome::reason).containsExactly(
        "label is empty",
        "source is missing",
        "label has leading or trailing whitespace",
        "requestId has 129 characters; at most 128",
        "source contains a control character",
        "source is empty",
        null);
    assertThat(b.refused()).isEqualTo(6);
    assertThat(b.recorded()).isEqualTo(1);
    assertThat(b.items().get(0).knownRequestId()).isNull();
    assertThat(FeedbackFixture.rows(f.feedbackTable())).hasSize(1);
  }

  @Test
  void unknownRequestIdsCanBeRefused() throws Exception {
    FeedbackBatch b = f.feedback.record("api", List.of(
        new FeedbackItem("r-404", "1", "crm"), new FeedbackItem("r-1", "1", "crm")), true);
    assertThat(b.items()).extracting(FeedbackOutcome::status).containsExactly(Status.REFUSED, Status.RECORDED);
    assertThat(b.items().get(0).reason()).isEqualTo(
        "request id 'r-404' is not in dataset 'predictions' (refused because requireKnownRequestIds is set)");
    assertThat(b.items().get(0).knownRequestId()).isFalse();
    assertThat(b.unknownRequestIds()).isZero();
  }

  @Test
  void batchSizeIsLimited() {
    List<FeedbackItem> many = new ArrayList<>(Collections.nCopies(FeedbackService.MAX_ITEMS + 1,
        new FeedbackItem("r-1", "1", "crm")));
    assertThatThrownBy(() -> f.feedback.record("api", many, false)).isInstanceOf(FeedbackException.class)
        .hasMessage("1001 items; at most 1000 per request (split the batch)")
        .extracting(e -> ((FeedbackException) e).parameter()).isEqualTo("items");
    assertThatThrownBy(() -> f.feedback.record("api", List.of(), false)).isInstanceOf(FeedbackException.class)
        .hasMessage("no labels: send at least one item");
  }

  @Test
  void aContractThatCannotHoldTheRowsIsRefusedBeforeAnythingIsWritten() throws Exception {
    ObjectKey contract = IngestFunction.contractKey("feedback");
    // the contract as it was before the API: request_id, label, ts
    String old = Files.readString(FeedbackFixture.CONTRACTS.resolve("feedback.yaml"), StandardCharsets.UTF_8);
    old = old.substring(0, old.indexOf("      - name: source")) + old.substring(old.indexOf("    quality:"));
    f.icegate.store().put(contract, old.replace("version: 1.1.0", "version: 1.0.0").getBytes(StandardCharsets.UTF_8));
    List<FeedbackItem> item = List.of(new FeedbackItem("r-1", "1", "crm"));
    assertThatThrownBy(() -> f.feedback.record("api", item, false)).isInstanceOf(FeedbackException.class)
        .hasMessage("contract config/contracts/feedback.yaml (version 1.0.0) cannot hold the labels the API writes:"
            + " no column 'feedback_id'; no column 'source'; no column 'corrects'; no column 'actor'"
            + " (local/samples/contracts/feedback.yaml version 1.1.0 has every column)")
        .extracting(e -> ((FeedbackException) e).parameter()).isNull();

    f.icegate.store().delete(contract);
    assertThatThrownBy(() -> f.feedback.record("api", item, false)).isInstanceOf(FeedbackException.class)
        .hasMessage("no contract for dataset 'feedback': expected config/contracts/feedback.yaml"
            + " (store local/samples/contracts/feedback.yaml with: icegate contracts put)");
    assertThat(f.icegate.tables().dataset("feedback")).isEmpty();
    assertThat(f.icegate.store().list("landing/")).isEmpty();
  }

  @Test
  void labelFilesFromBeforeTheApiStillCountAndEvolveTheTable() throws Exception {
    // a CSV of labels without source or ids, under the same contract: optional columns stay null
    f.upload("feedback", "labels.csv", "request_id,label,ts\nr-2,0,2026-03-03T10:00:00Z\n");
    FeedbackBatch b = f.feedback.record("api", List.of(new FeedbackItem("r-2", "1", "crm")), false);
    // a label without a source is no one's earlier label: this one is a first label from crm
    assertThat(b.items().get(0).status()).isEqualTo(Status.RECORDED);
    assertThat(FeedbackFixture.rows(f.feedbackTable())).extracting(r -> r.getField("source"))
        .containsExactlyInAnyOrder(null, "crm");
  }

  @Test
  void twoInstancesRecordingTheSameLabelAtOnceWriteOneId() throws Exception {
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<FeedbackBatch>> results = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      FeedbackService instance = f.newFeedbackService();
      results.add(pool.submit((Callable<FeedbackBatch>) () -> {
        start.await();
        return instance.record("api", List.of(new FeedbackItem("r-1", "1", "human:carol")), false);
      }));
    }
    start.countDown();
    List<String> ids = new ArrayList<>();
    for (Future<FeedbackBatch> r : results) {
      FeedbackOutcome o = r.get().items().get(0);
      assertThat(o.status()).isIn(Status.RECORDED, Status.DUPLICATE);
      ids.add(o.feedback().feedbackId());
    }
    pool.shutdown();
    // however the calls interleaved, every row they wrote has one id, which readers count once
    assertThat(ids).containsOnly(ids.get(0));
    assertThat(FeedbackFixture.rows(f.feedbackTable())).isNotEmpty()
        .extracting(r -> r.getField("feedback_id")).containsOnly(ids.get(0));
    assertThat(one("r-1", "1", "human:carol").status()).isEqualTo(Status.DUPLICATE);
  }

  @Test
  void rowsTheContractRejectsAreRefusedWithTheIngestsReason() throws Exception {
    // a stricter contract than the API's own checks: labels of at most 3 characters
    String strict = Files.readString(FeedbackFixture.CONTRACTS.resolve("feedback.yaml"), StandardCharsets.UTF_8)
        .replace("      - name: label\n        logicalType: string\n",
            "      - name: label\n        logicalType: string\n        logicalTypeOptions: {maxLength: 3}\n");
    assertThat(strict).contains("maxLength: 3");
    f.icegate.store().put(IngestFunction.contractKey("feedback"), strict.getBytes(StandardCharsets.UTF_8));

    // one bad row in 21 is within the contract's 5% (rows mode): the others are committed
    List<FeedbackItem> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(new FeedbackItem("r-" + i, "yes", "crm"));
    }
    items.add(new FeedbackItem("r-1", "maybe", "human:dan"));
    FeedbackBatch b = f.feedback.record("api", items, false);
    assertThat(b.recorded()).isEqualTo(20);
    assertThat(b.refused()).isEqualTo(1);
    FeedbackOutcome bad = b.items().get(20);
    assertThat(bad.status()).isEqualTo(Status.REFUSED);
    assertThat(bad.reason()).startsWith("the feedback contract refused the row: ").contains("label");
    assertThat(bad.feedback()).isNull();
    assertThat(b.ingest().rows()).isEqualTo(20);
    assertThat(FeedbackFixture.rows(f.feedbackTable())).hasSize(20);

    // one bad row in two is beyond it: the upload is quarantined and every item says so
    FeedbackBatch q = f.feedback.record("api", List.of(new FeedbackItem("r-1", "no", "human:erin"),
        new FeedbackItem("r-2", "never", "human:erin")), false);
    assertThat(q.refused()).isEqualTo(2);
    assertThat(q.items().get(0).reason()).startsWith("the feedback contract refused the batch: ")
        .contains("icegate.maxRejectedPercent").contains("(report in quarantine/feedback/");
    assertThat(q.ingest().status()).isEqualTo("quarantined");
    assertThat(FeedbackFixture.rows(f.feedbackTable())).hasSize(20);
    // refused rows are not anyone's current label: sending them again is a first label, not a duplicate
    f.putContract("feedback");
    assertThat(one("r-1", "no", "human:erin").status()).isEqualTo(Status.RECORDED);
  }

  private FeedbackOutcome one(String requestId, String label, String source) {
    return f.feedback.record("api", List.of(new FeedbackItem(requestId, label, source)), false).items().get(0);
  }

  private long snapshots() {
    Table t = f.feedbackTable();
    t.refresh();
    long n = 0;
    for (Snapshot ignored : t.snapshots()) {
      n++;
    }
    return n;
  }
}
