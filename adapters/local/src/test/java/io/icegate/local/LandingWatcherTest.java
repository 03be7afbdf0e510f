package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.store.LocalObjectStore;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingWatcherTest {
  @TempDir Path dir;
  LocalObjectStore store;
  Instant now = Instant.parse("2026-11-27T07:00:00Z");
  LandingWatcher watcher;

  @BeforeEach
  void setUp() throws Exception {
    store = new LocalObjectStore(dir);
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now; }
    };
    watcher = new LandingWatcher(store, clock, Duration.ofSeconds(1), Duration.ofSeconds(2), 2);
  }

  ObjectKey upload(String key, String content, Instant modified) throws Exception {
    ObjectKey k = ObjectKey.of(key);
    store.put(k, content.getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(dir.resolve(key), FileTime.from(modified));
    return k;
  }

  List<ObjectKey> ready() throws Exception {
    return watcher.poll().ready().stream().map(ObjectInfo::key).toList();
  }

  @Test
  void anObjectIsReadyOnceUnchangedAcrossTwoPollsAndSettled() throws Exception {
    ObjectKey a = upload("landing/trips/a.csv", "x", now.minusSeconds(10));
    assertThat(ready()).isEmpty(); // first sighting
    assertThat(ready()).containsExactly(a);

    ObjectKey b = upload("landing/trips/b.csv", "y", now);
    assertThat(ready()).containsExactly(a);
    now = now.plusMillis(500);
    assertThat(watcher.poll().waiting()).isEqualTo(1); // b is too young
    upload("landing/trips/b.csv", "y and more", now); // still being written
    now = now.plusSeconds(2);
    assertThat(ready()).containsExactly(a);
    assertThat(ready()).containsExactly(a, b);
  }

  @Test
  void oldestFirstAndTempFilesIgnored() throws Exception {
    ObjectKey late = upload("landing/trips/a.csv", "1", now.minusSeconds(5));
    ObjectKey early = upload("landing/zones/z.csv", "2", now.minusSeconds(50));
    upload("landing/trips/.b.csv.swp", "3", now.minusSeconds(60));
    upload("landing/trips/c.csv.part", "4", now.minusSeconds(60));
    ready();
    assertThat(ready()).containsExactly(early, late);
  }

  @Test
  void failuresAreRetriedLaterThenGivenUpUntilTheObjectChanges() throws Exception {
    upload("landing/trips/a.csv", "x", now.minusSeconds(10));
    ready();
    ObjectInfo info = watcher.poll().ready().get(0);
    watcher.done(info, report(IngestStatus.FAILED));
    assertThat(ready()).isEmpty(); // waits for the retry delay
    now = now.plusSeconds(2);
    assertThat(ready()).hasSize(1);
    watcher.done(info, report(IngestStatus.FAILED));
    assertThat(watcher.givenUp(info)).isTrue();
    now = now.plusSeconds(60);
    assertThat(watcher.poll()).isEqualTo(new LandingWatcher.Poll(List.of(), 0));

    upload("landing/trips/a.csv", "fixed", now.minusSeconds(5));
    ready();
    assertThat(ready()).hasSize(1);
  }

  static IngestReport report(IngestStatus status) {
    return new IngestReport(status, "trips", "b", "landing/trips/a.csv", null, null, null, null, null, 0, 0, 0,
        null, null, null, null, List.of("boom"), null, null, null, null, null, Instant.EPOCH, 0, null);
  }
}
