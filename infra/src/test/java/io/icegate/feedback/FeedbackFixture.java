package io.icegate.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestLimits;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import io.icegate.testing.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * An embedded home with the sample contracts of {@code predictions} and {@code feedback} (the files
 * under local/samples/contracts), a clock tests move, and the feedback service and review queue
 * over the real ingest function.
 */
final class FeedbackFixture implements AutoCloseable {
  static final Path CONTRACTS = Path.of(System.getProperty("basedir", ".")).resolve("../local/samples/contracts");
  static final Instant NOW = Instant.parse("2026-03-04T09:00:00Z");

  final LocalIcegate icegate;
  final TestClock clock = TestClock.at(NOW);
  final IngestFunction ingest;
  final FeedbackService feedback;
  final ReviewQueue queue;

  FeedbackFixture(Path dir) throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(dir));
    ingest = new IngestFunction(icegate.store(), icegate.tables(), icegate.engine(), clock, IngestLimits.DEFAULTS);
    feedback = newFeedbackService();
    queue = new ReviewQueue(icegate.tables(), icegate.engine(), clock);
    putContract("predictions");
    putContract("feedback");
  }

  /** Another service over the same home, as a second API instance would have. */
  FeedbackService newFeedbackService() {
    return new FeedbackService(icegate.store(), icegate.tables(), icegate.engine(), clock, ingest);
  }

  void putContract(String dataset) throws IOException {
    icegate.store().put(IngestFunction.contractKey(dataset), Files.readAllBytes(CONTRACTS.resolve(dataset + ".yaml")));
  }

  /** Lands a CSV under landing/{dataset}/ and ingests it; it must commit every row. */
  IngestReport upload(String dataset, String name, String csv) throws IOException {
    String key = "landing/" + dataset + "/" + name;
    icegate.store().put(ObjectKey.of(key), csv.getBytes(StandardCharsets.UTF_8));
    IngestReport r = ingest.apply(ObjectCreated.of(key));
    assertThat(r.status()).as("%s: %s", name, r.reasons()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(r.rowsRejected()).isZero();
    return r;
  }

  /** The inference log as a CSV with the predictions contract's columns. */
  static final class Log {
    private final StringBuilder csv = new StringBuilder("request_id,model,version,variant,ts,prediction,score,features\n");

    /** A binary prediction: class 1 when the score is at least 0.5. */
    Log add(String requestId, String model, String variant, Instant ts, double score, String featuresJson) {
      csv.append(requestId).append(',').append(model).append(",1,").append(variant).append(',').append(ts).append(',')
          .append(score >= 0.5 ? 1 : 0).append(',').append(String.format(Locale.ROOT, "%.6f", score)).append(',')
          .append(featuresJson == null ? "" : "\"" + featuresJson.replace("\"", "\"\"") + "\"").append('\n');
      return this;
    }

    Log add(String requestId, double score) {
      return add(requestId, "churn", "production", NOW.minus(Duration.ofHours(1)), score, null);
    }

    @Override
    public String toString() {
      return csv.toString();
    }
  }

  Table feedbackTable() {
    return icegate.tables().dataset("feedback").orElseThrow();
  }

  /** Every row of a table's current snapshot. */
  static List<Record> rows(Table t) throws IOException {
    t.refresh();
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
      it.forEach(r -> out.add(r.copy()));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    icegate.close();
  }
}
