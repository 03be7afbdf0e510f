package io.icegate.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link ObjectStore} must show, so the local, S3 and Azure stores are
 * interchangeable: extend it and return a fresh, empty store from {@link #newStore()}.
 */
public abstract class ObjectStoreConformance {

  private static final int LARGE_SIZE = 20 * 1024 * 1024;
  private static final int CONCURRENT_SIZE = 512 * 1024;

  protected ObjectStore store;

  /** A fresh, empty store for one test; subclasses clean it up in their own {@code @AfterEach}. */
  protected abstract ObjectStore newStore() throws Exception;

  @BeforeEach
  void createStore() throws Exception {
    store = newStore();
  }

  @Test
  void putStatOpenRoundTrip() throws IOException {
    ObjectKey key = key("landing/trips/2024-01.csv");

    ObjectInfo put = store.put(key, utf8("id,fare\n1,9.5\n"));

    assertThat(put.key()).isEqualTo(key);
    assertThat(put.size()).isEqualTo(14);
    assertThat(put.etag()).isNotBlank();
    ObjectInfo stat = store.stat(key).orElseThrow();
    assertThat(stat.key()).isEqualTo(key);
    assertThat(stat.size()).isEqualTo(14);
    assertThat(stat.etag()).isEqualTo(put.etag());
    assertThat(stat.lastModified()).isNotNull();
    try (InputStream in = store.open(key)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("id,fare\n1,9.5\n");
    }
  }

  @Test
  void putOfAnEmptyObject() throws IOException {
    ObjectKey key = key("empty.txt");
    store.put(key, new byte[0]);
    assertThat(store.stat(key).orElseThrow().size()).isZero();
    assertThat(store.readAllBytes(key)).isEmpty();
  }

  @Test
  void overwriteReplacesTheWholeObject() throws IOException {
    ObjectKey key = key("config/contracts/trips.yaml");
    store.put(key, utf8("a much longer first version"));

    store.put(key, utf8("v2"));

    assertThat(text(key)).isEqualTo("v2");
    assertThat(store.stat(key).orElseThrow().size()).isEqualTo(2);
    assertThat(keys(store.list("config/"))).containsExactly(key);
  }

  @Test
  void etagIsStableAndChangesOnOverwrite() throws IOException {
    ObjectKey key = key("reports/drift.html");
    String first = store.put(key, utf8("version A")).etag();
    assertThat(store.stat(key).orElseThrow().etag()).isEqualTo(first);

    String second = store.put(key, utf8("version B")).etag();

    assertThat(second).isNotEqualTo(first);
    assertThat(store.stat(key).orElseThrow().etag()).isEqualTo(second);
  }

  @Test
  void copyMakesAnIndependentObject() throws IOException {
    ObjectKey from = key("landing/trips/a.csv");
    ObjectKey to = key("archive/trips/a.csv");
    store.put(from, utf8("original"));

    ObjectInfo copied = store.copy(from, to);

    assertThat(copied.key()).isEqualTo(to);
    assertThat(copied.size()).isEqualTo(8);
    assertThat(text(to)).isEqualTo("original");
    store.put(from, utf8("changed"));
    assertThat(text(to)).isEqualTo("original");
  }

  @Test
  void copyOfAMissingObjectFails() {
    assertThatThrownBy(() -> store.copy(key("missing/a.csv"), key("archive/a.csv")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void moveRemovesTheSource() throws IOException {
    ObjectKey from = key("landing/trips/a.csv");
    ObjectKey to = key("quarantine/trips/batch-1/a.csv");
    store.put(from, utf8("rows"));

    ObjectInfo moved = store.move(from, to);

    assertThat(moved.key()).isEqualTo(to);
    assertThat(store.stat(from)).isEmpty();
    assertThat(text(to)).isEqualTo("rows");
  }

  @Test
  void deleteRemovesAndDeletingAMissingObjectIsFine() throws IOException {
    ObjectKey key = key("landing/trips/a.csv");
    store.put(key, utf8("rows"));

    store.delete(key);
    store.delete(key);
    store.delete(key("never/was/here.csv"));

    assertThat(store.stat(key)).isEmpty();
    assertThat(store.list("landing/")).isEmpty();
  }

  @Test
  void missingObjectHasNoStatAndCannotBeOpened() throws IOException {
    ObjectKey key = key("landing/none.csv");
    assertThat(store.stat(key)).isEmpty();
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void listReturnsKeyOrderUnderThePrefix() throws IOException {
    for (String k :
        List.of(
            "landing/b/2.csv",
            "quarantine/x",
            "landing/c.csv",
            "landing/a.csv",
            "landing/b/1.csv")) {
      store.put(key(k), utf8(k));
    }

    List<ObjectInfo> listed = store.list("landing/");

    assertThat(keys(listed))
        .extracting(ObjectKey::value)
        .containsExactly("landing/a.csv", "landing/b/1.csv", "landing/b/2.csv", "landing/c.csv");
    assertThat(listed).allSatisfy(i -> assertThat(i.size()).isEqualTo(i.key().value().length()));
    assertThat(keys(store.list(""))).hasSize(5).isSorted();
  }

  @Test
  void listIsAPlainStringPrefixAndExcludesOtherPrefixes() throws IOException {
    for (String k : List.of("land/x", "landing/x", "landing2/x", "lan", "other/landing/x")) {
      store.put(key(k), utf8(k));
    }

    assertThat(keys(store.list("landing/")))
        .extracting(ObjectKey::value)
        .containsExactly("landing/x");
    assertThat(keys(store.list("land")))
        .extracting(ObjectKey::value)
        .containsExactly("land/x", "landing/x", "landing2/x");
    assertThat(keys(store.list("landing/x")))
        .extracting(ObjectKey::value)
        .containsExactly("landing/x");
    assertThat(store.list("nothing/")).isEmpty();
  }

  @Test
  void largeObjectIsStreamed() throws Exception {
    ObjectKey key = key("artifacts/model.bin");
    MessageDigest written = sha256();

    ObjectInfo put =
        store.put(key, new DigestInputStream(new PseudoRandomStream(LARGE_SIZE), written));

    assertThat(put.size()).isEqualTo(LARGE_SIZE);
    assertThat(store.stat(key).orElseThrow().size()).isEqualTo(LARGE_SIZE);
    MessageDigest read = sha256();
    try (InputStream in = new DigestInputStream(store.open(key), read)) {
      assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(LARGE_SIZE);
    }
    assertThat(read.digest()).isEqualTo(written.digest());
  }

  @Test
  void failedPutLeavesThePreviousVersion() throws IOException {
    ObjectKey key = key("landing/trips/a.csv");
    store.put(key, utf8("complete"));

    assertThatThrownBy(() -> store.put(key, new FailingStream(CONCURRENT_SIZE)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () -> store.put(key("landing/trips/b.csv"), new FailingStream(CONCURRENT_SIZE)))
        .isInstanceOf(IOException.class);

    assertThat(text(key)).isEqualTo("complete");
    assertThat(keys(store.list(""))).containsExactly(key);
  }

  @Test
  void concurrentPutsToOneKeyLeaveOneWholeVersion() throws Exception {
    ObjectKey key = key("landing/trips/hot.csv");
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        byte fill = (byte) ('A' + w);
        puts.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int round = 0; round < 3; round++) {
                    store.put(key, filled(fill, CONCURRENT_SIZE));
                  }
                  return null;
                }));
      }
      Future<?> reader =
          pool.submit(
              () -> {
                start.await();
                while (writing.get()) {
                  if (store.stat(key).isPresent()) {
                    assertWhole(store.readAllBytes(key));
                  }
                }
                return null;
              });
      start.countDown();
      for (Future<?> put : puts) {
        put.get(2, TimeUnit.MINUTES);
      }
      writing.set(false);
      reader.get(1, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }

    byte[] last = store.readAllBytes(key);
    assertWhole(last);
    assertThat(last).isNotEmpty();
    assertThat(store.stat(key).orElseThrow().size()).isEqualTo(CONCURRENT_SIZE);
  }

  @Test
  void unicodeAndSpacesInKeys() throws IOException {
    ObjectKey key = key("landing/données/été 2024/trips ☃ #1 (final).csv");

    store.put(key, utf8("ünïcödé"));

    assertThat(text(key)).isEqualTo("ünïcödé");
    assertThat(store.stat(key)).isPresent();
    assertThat(keys(store.list("landing/données/"))).containsExactly(key);
    assertThat(store.uri(key).isAbsolute()).isTrue();
    store.delete(key);
    assertThat(store.stat(key)).isEmpty();
  }

  @Test
  void uriIsAbsoluteAndDistinctPerKey() {
    assertThat(store.uri(key("a/b.csv")).isAbsolute()).isTrue();
    assertThat(store.uri(key("a/b.csv"))).isNotEqualTo(store.uri(key("a/c.csv")));
  }

  /** A key from a literal, for brevity. */
  protected static ObjectKey key(String value) {
    return ObjectKey.of(value);
  }

  /** UTF-8 bytes of a literal. */
  protected static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  /** The whole object as UTF-8 text. */
  protected String text(ObjectKey key) throws IOException {
    return new String(store.readAllBytes(key), UTF_8);
  }

  private static List<ObjectKey> keys(List<ObjectInfo> infos) {
    return infos.stream().map(ObjectInfo::key).toList();
  }

  private static void assertWhole(byte[] content) {
    assertThat(content).hasSize(CONCURRENT_SIZE);
    for (byte b : content) {
      if (b != content[0]) {
        throw new AssertionError(
            "object mixes two versions: " + (char) content[0] + " and " + (char) b);
      }
    }
  }

  private static InputStream filled(byte fill, int size) {
    return new InputStream() {
      private int left = size;

      @Override
      public int read() {
        return left-- > 0 ? fill : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = Math.min(len, left);
        Arrays.fill(b, off, off + n, fill);
        left -= n;
        return n;
      }
    };
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  /** Deterministic bytes produced on the fly, so a large object never sits in memory. */
  protected static final class PseudoRandomStream extends InputStream {
    private final Random random = new Random(42);
    private long left;

    public PseudoRandomStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? random.nextInt(256) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      left -= n;
      return n;
    }
  }

  /** Yields some bytes, then fails: a client or network dying half way through an upload. */
  protected static final class FailingStream extends InputStream {
    private long left;

    public FailingStream(long bytesBeforeFailure) {
      this.left = bytesBeforeFailure;
    }

    @Override
    public int read() throws IOException {
      if (left-- <= 0) {
        throw new IOException("connection reset half way");
      }
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException("connection reset half way");
      }
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, (byte) 'x');
      left -= n;
      return n;
    }
  }
}
