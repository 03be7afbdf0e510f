package io.icegate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.Json;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import io.icegate.testing.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * An embedded home whose {@code predictions} and {@code feedback} datasets were filled by the real
 * ingest function from the files generate_fixture.py wrote, and a comparison service on it.
 */
final class ShadowFixture implements AutoCloseable {
  /** Every prediction upload; the fraud-only file is the one a churn scan can skip. */
  static final String[] PREDICTION_FILES = {
      "predictions-2026-02-28.csv", "predictions-2026-03-01.csv", "predictions-2026-03-02.csv",
      "predictions-2026-03-03.csv", "predictions-fraud.csv"};

  final LocalIcegate icegate;
  final IngestFunction ingest;
  final ShadowComparison shadow;

  ShadowFixture(Path dir) throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(dir));
    ingest = icegate.ingest();
    // one second further on each read, so stored comparisons have distinct times
    shadow = new ShadowComparison(icegate.tables(), icegate.engine(),
        TestClock.ticking(Instant.parse("2026-03-04T09:00:00Z"), Duration.ofSeconds(1)));
    put("config/contracts/predictions.yaml", "predictions.yaml");
    put("config/contracts/feedback.yaml", "feedback.yaml");
  }

  /** Lands every prediction file and the labels, and ingests them. */
  ShadowFixture withAllData() throws IOException {
    for (String file : PREDICTION_FILES) {
      upload("predictions", file);
    }
    upload("feedback", "feedback.csv");
    return this;
  }

  /** Lands {@code resource} under landing/{dataset}/ and ingests it; it must commit. */
  IngestReport upload(String dataset, String resource) throws IOException {
    String key = "landing/" + dataset + "/" + resource;
    put(key, resource);
    IngestReport r = ingest.apply(ObjectCreated.of(key));
    assertThat(r.status()).as("%s: %s", resource, r.reasons()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(r.rowsRejected()).isZero();
    return r;
  }

  private void put(String key, String resource) throws IOException {
    try (InputStream in = resource(resource)) {
      icegate.store().put(ObjectKey.of(key), in);
    }
  }

  static InputStream resource(String name) {
    InputStream in = ShadowFixture.class.getResourceAsStream("/shadow/" + name);
    if (in == null) {
      throw new IllegalArgumentException("no test resource /shadow/" + name);
    }
    return in;
  }

  /** expected.json, as numpy and scipy computed it. */
  static JsonNode expected() throws IOException {
    try (InputStream in = resource("expected.json")) {
      return Json.MAPPER.readTree(in);
    }
  }

  @Override
  public void close() throws IOException {
    icegate.close();
  }
}
