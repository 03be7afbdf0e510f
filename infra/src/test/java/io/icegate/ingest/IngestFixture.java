package io.icegate.ingest;

import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.store.ObjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** An embedded home with the test contract for {@code trips}, and helpers to upload and read. */
public final class IngestFixture implements AutoCloseable {
  final LocalIcegate icegate;
  final IngestFunction ingest;

  IngestFixture(Path dir) throws IOException {
    icegate = LocalIcegate.open(new IcegateHome(dir));
    ingest = icegate.ingest();
    putContract("trips", "/ingest/trips.yaml");
  }

  void putContract(String dataset, String resource) throws IOException {
    try (InputStream in = IngestFixture.class.getResourceAsStream(resource)) {
      icegate.store().put(IngestFunction.contractKey(dataset), in);
    }
  }

  /** Lands {@code content} as landing/trips/{name} without ingesting it. */
  String land(String name, String content) throws IOException {
    return land(name, content.getBytes(StandardCharsets.UTF_8));
  }

  String land(String name, byte[] content) throws IOException {
    String key = "landing/trips/" + name;
    icegate.store().put(ObjectKey.of(key), content);
    return key;
  }

  IngestReport upload(String name, String content) throws IOException {
    return ingest.apply(ObjectCreated.of(land(name, content)));
  }

  Table trips() {
    return icegate.tables().dataset("trips").orElseThrow();
  }

  /** Every row of the table's current snapshot, through Iceberg's generic reader. */
  static List<Record> rows(Table t) throws IOException {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
      it.forEach(r -> out.add(r.copy()));
    }
    return out;
  }

  /** A CSV of {@code n} valid trips with ids {@code prefix-0..n-1}. */
  public static String trips(String prefix, int n) {
    StringBuilder b = new StringBuilder("trip_id,pickup_ts,passenger_count,fare,payment\n");
    for (int i = 0; i < n; i++) {
      b.append(prefix).append('-').append(i).append(",2026-11-27T07:").append(String.format("%02d", i % 60))
          .append(":00Z,").append(i % 5).append(',').append(5 + i % 40).append(".25,")
          .append(i % 3 == 0 ? "cash" : "card").append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    icegate.close();
  }
}
