package io.icegate.ingest;

import static io.icegate.ingest.IngestFixture.rows;
import static io.icegate.ingest.IngestFixture.trips;
import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.store.ObjectKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConcurrencyAndCrashTest {
  @TempDir Path dir;

  @Test
  void concurrentUploadsIntoOneNewTableAllLand() throws Exception {
    int uploads = 10;
    try (IngestFixture f = new IngestFixture(dir)) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < uploads; i++) {
        keys.add(f.land("part-" + i + ".csv", trips("u" + i, 50 + i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(uploads);
      List<Future<IngestReport>> results = new ArrayList<>();
      for (String key : keys) {
        IngestFunction own = f.icegate.ingest();
        results.add(pool.submit(() -> own.apply(ObjectCreated.of(key))));
      }
      long expected = 0;
      for (int i = 0; i < uploads; i++) {
        IngestReport r = results.get(i).get();
        assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
        expected += 50 + i;
      }
      pool.shutdown();
      Table t = f.trips();
      assertThat(rows(t)).hasSize((int) expected);
      assertThat(t.snapshots()).hasSize(uploads);
    }
  }

  @Test
  void sameObjectDeliveredTwiceAtOnceCommitsOnce() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      f.upload("seed.csv", trips("seed", 3)); // the table exists, so both race on the commit only
      String content = trips("dup", 40);
      String k1 = f.land("copy-1.csv", content);
      String k2 = f.land("copy-2.csv", content);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      Future<IngestReport> a = pool.submit(() -> f.icegate.ingest().apply(ObjectCreated.of(k1)));
      Future<IngestReport> b = pool.submit(() -> f.icegate.ingest().apply(ObjectCreated.of(k2)));
      List<IngestStatus> statuses = List.of(a.get().status(), b.get().status());
      pool.shutdown();
      assertThat(statuses).containsExactlyInAnyOrder(IngestStatus.COMMITTED, IngestStatus.DUPLICATE);
      assertThat(rows(f.trips())).hasSize(43);
    }
  }

  @Test
  void injectedFaultBeforeCommitLeavesNothingVisibleAndRedeliveryCommitsOnce() throws Exception {
    try (IngestFixture f = new IngestFixture(dir)) {
      String key = f.land("t.csv", trips("f", 25));
      IngestReport failed = f.icegate.ingest()
          .beforeCommit(() -> {
            throw new IllegalStateException("injected fault");
          })
          .apply(ObjectCreated.of(key));
      assertThat(failed.status()).isEqualTo(IngestStatus.FAILED);
      assertThat(f.trips().currentSnapshot()).isNull();
      assertThat(f.icegate.store().stat(ObjectKey.of(key))).as("upload stays in landing").isPresent();

      IngestReport retried = f.ingest.apply(ObjectCreated.of(key));
      assertThat(retried.status()).isEqualTo(IngestStatus.COMMITTED);
      IngestReport again = f.upload("t-again.csv", trips("f", 25));
      assertThat(again.status()).isEqualTo(IngestStatus.DUPLICATE);
      assertThat(rows(f.trips())).hasSize(25);
      assertThat(f.trips().snapshots()).hasSize(1);
    }
  }

  @Test
  void killedProcessBetweenWriteAndCommitLeavesNothingVisible() throws Exception {
    String key;
    try (IngestFixture f = new IngestFixture(dir)) {
      key = f.land("k.csv", trips("k", 30));
    }
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            CrashingIngest.class.getName(), dir.toString(), key)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
    assertThat(child.waitFor()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(137);
    try (IngestFixture f = new IngestFixture(dir)) {
      Table t = f.trips();
      assertThat(t.currentSnapshot()).as("no snapshot after the crash").isNull();
      try (Stream<Path> files = Files.walk(dir.resolve("warehouse/datasets/trips/data"))) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count())
            .as("the orphan data file was written").isEqualTo(1);
      }
      IngestReport r = f.ingest.apply(ObjectCreated.of(key));
      assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
      assertThat(rows(f.trips())).hasSize(30);
      assertThat(f.trips().snapshots()).hasSize(1);
    }
  }
}
