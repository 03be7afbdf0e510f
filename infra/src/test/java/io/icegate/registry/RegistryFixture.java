package io.icegate.registry;

import io.icegate.ingest.IngestFixture;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * A real home (catalog, warehouse, object store) with the {@code trips} dataset built by the
 * ingest function, a registry over it, and helpers to upload artifacts and register versions.
 */
final class RegistryFixture implements AutoCloseable {
  final LocalIcegate icegate;
  final Registry registry;

  RegistryFixture(Path home) throws IOException {
    this(LocalIcegate.open(new IcegateHome(home)));
  }

  RegistryFixture(LocalIcegate icegate) throws IOException {
    this.icegate = icegate;
    this.registry = new Registry(icegate.tables(), icegate.store(), Clock.systemUTC());
    try (InputStream in = RegistryFixture.class.getResourceAsStream("/ingest/trips.yaml")) {
      icegate.store().put(IngestFunction.contractKey("trips"), in);
    }
  }

  /** Lands a CSV of {@code n} trips under landing/trips/ and ingests it; fails unless committed. */
  IngestReport upload(String name, int n) throws IOException {
    String key = "landing/trips/" + name + ".csv";
    icegate.store().put(ObjectKey.of(key), IngestFixture.trips(name, n).getBytes(StandardCharsets.UTF_8));
    IngestReport report = icegate.ingest().apply(ObjectCreated.of(key));
    if (report.status() != IngestStatus.COMMITTED) {
      throw new AssertionError("upload not committed: " + report);
    }
    return report;
  }

  Table trips() {
    return icegate.tables().dataset("trips").orElseThrow();
  }

  /** Puts an artifact into the store and returns its sha256. */
  String artifact(String key, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    icegate.store().put(ObjectKey.of(key), bytes);
    return sha256(bytes);
  }

  /** A registration of {@code artifact} trained on trips at {@code snapshotId}. */
  static RegisterRequest request(String model, String artifact, String sha256, long snapshotId) {
    return new RegisterRequest(model, artifact, sha256, "trips", snapshotId, null, "0123abcd",
        Map.of("lr", "0.01"), null, List.of("team-ml@example.com"), "test model");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    icegate.close();
  }
}
