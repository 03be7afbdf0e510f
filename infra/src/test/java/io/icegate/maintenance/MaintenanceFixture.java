package io.icegate.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.ingest.IngestFixture;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.ingest.ObjectCreated;
import io.icegate.ingest.ProfileRequest;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** A real home with the {@code trips} contract of the ingest tests, uploads, and table checksums. */
final class MaintenanceFixture implements AutoCloseable {
  final LocalIcegate icegate;
  final IngestFunction ingest;

  MaintenanceFixture(Path dir) throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(dir));
    ingest = icegate.ingest();
    contract(base());
  }

  /** The ingest tests' trips contract. */
  static String base() throws IOException {
    try (InputStream in = MaintenanceFixture.class.getResourceAsStream("/ingest/trips.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  void contract(String yaml) throws IOException {
    icegate.store().put(IngestFunction.contractKey("trips"), yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** Uploads {@code rows} valid trips with ids {@code prefix-i}; asserts the commit. */
  IngestReport upload(String prefix, int rows) throws IOException {
    return upload(prefix + ".csv", IngestFixture.trips(prefix, rows));
  }

  IngestReport upload(String name, String csv) throws IOException {
    String key = "landing/trips/" + name;
    icegate.store().put(ObjectKey.of(key), csv.getBytes(StandardCharsets.UTF_8));
    IngestReport r = ingest.apply(ObjectCreated.of(key));
    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
    // ingest's follow-up, as the platforms run it: compaction leaves unprofiled batches alone
    icegate.profileBatches().apply(ProfileRequest.after(r));
    return r;
  }

  Table trips() {
    return icegate.tables().dataset("trips").orElseThrow();
  }

  TableMaintainer maintainer(Clock clock) {
    return new TableMaintainer(icegate.tables(), icegate.engine(), clock);
  }

  /** Registers model churn v1 trained on the given snapshot of trips, which tags it; returns the tag. */
  String registerModelOn(long snapshotId, Clock clock) throws Exception {
    byte[] artifact = "model-bytes".getBytes(StandardCharsets.UTF_8);
    icegate.store().put(ObjectKey.of("models/churn/1.bin"), artifact);
    Registry registry = new Registry(icegate.tables(), icegate.store(), clock);
    registry.register("test", new RegisterRequest("churn", "models/churn/1.bin",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact)), "trips", snapshotId, null,
        "0123abcd", Map.of(), null, List.of("ml@example.com"), "maintenance test"), null);
    Table t = trips();
    return t.refs().entrySet().stream().filter(e -> e.getValue().isTag()).map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("registering did not tag the training snapshot"));
  }

  /** Every row of a snapshot (current when null), each as the text of its values in schema order. */
  static List<String> rows(Table t, Long snapshotId) throws IOException {
    List<String> out = new ArrayList<>();
    var scan = IcebergGenerics.read(t);
    if (snapshotId != null) {
      scan = scan.useSnapshot(snapshotId);
    }
    try (CloseableIterable<Record> it = scan.build()) {
      for (Record r : it) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.size(); i++) {
          Object v = r.get(i);
          b.append(i == 0 ? "" : "|").append(v instanceof java.nio.ByteBuffer buf
              ? HexFormat.of().formatHex(bytes(buf)) : String.valueOf(v));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  /** SHA-256 over the sorted rows: equal exactly when the tables hold the same multiset of rows. */
  static String checksum(Table t) throws IOException {
    List<String> rows = rows(t, null);
    rows.sort(null);
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String r : rows) {
        md.update(r.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return rows.size() + ":" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int dataFiles(Table t) throws IOException {
    t.refresh();
    int n = 0;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask ignored : tasks) {
        n++;
      }
    }
    return n;
  }

  /** Local path of a location of this home. */
  static Path path(String location) {
    return Path.of(location.replaceFirst("^file:(//)?", ""));
  }

  /** Every regular file under the table's data folder. */
  static List<Path> filesOnDisk(Table t) throws IOException {
    try (Stream<Path> s = Files.walk(path(t.location()).resolve("data"))) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  static boolean hasListColumn(Table t) {
    return t.schema().columns().stream().anyMatch(f -> f.type() instanceof Types.ListType);
  }

  private static byte[] bytes(java.nio.ByteBuffer buf) {
    byte[] b = new byte[buf.remaining()];
    buf.duplicate().get(b);
    return b;
  }

  @Override
  public void close() throws IOException {
    icegate.close();
  }
}
