package io.icegate.infra.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectKey.InvalidKeyException;
import io.icegate.store.ObjectStore;
import io.icegate.store.ObjectStoreConformance;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreConformance {

  @TempDir Path dir;

  private Path root;

  @Override
  protected ObjectStore newStore() throws IOException {
    LocalObjectStore local = new LocalObjectStore(dir.resolve("objects"));
    root = local.root();
    return local;
  }

  @Test
  void symlinkedFolderLeadingOutsideTheRootIsRefused() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("evil"), outside);

    assertThatThrownBy(() -> store.open(key("evil/secret.txt")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.stat(key("evil/secret.txt")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.put(key("evil/new.txt"), utf8("x")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.delete(key("evil/secret.txt")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.list("evil/")).isInstanceOf(AccessDeniedException.class);

    assertThat(outside.resolve("new.txt")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).hasContent("secret");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void symlinkedFileLeadingOutsideTheRootIsRefused() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createDirectories(root.resolve("landing"));
    Files.createSymbolicLink(root.resolve("landing/trips.csv"), secret);

    assertThatThrownBy(() -> store.open(key("landing/trips.csv")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(store.list("landing/")).isEmpty();
  }

  @Test
  void failedWriteLeavesNoPartialObjectAndNoTempFile() throws IOException {
    ObjectKey key = key("landing/trips/a.csv");

    assertThatThrownBy(() -> store.put(key, new FailingStream(1_000_000)))
        .isInstanceOf(IOException.class);

    assertThat(store.stat(key)).isEmpty();
    assertThat(store.list("")).isEmpty();
    assertThat(root.resolve(key.value())).doesNotExist();
    try (var temp = Files.list(root.resolve(LocalObjectStore.TMP))) {
      assertThat(temp).isEmpty();
    }
  }

  @Test
  void objectBeingWrittenIsInvisibleUntilComplete() throws Exception {
    ObjectKey key = key("landing/trips/slow.csv");
    CountDownLatch halfWritten = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    InputStream slow =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent == 4096) {
              halfWritten.countDown();
              await(resume);
            }
            return sent < 8192 ? 'a' + (sent++ % 26) : -1;
          }
        };

    CompletableFuture<ObjectInfo> put =
        CompletableFuture.supplyAsync(() -> putUnchecked(key, slow));
    assertThat(halfWritten.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(store.list("")).isEmpty();
    assertThat(store.stat(key)).isEmpty();
    resume.countDown();
    assertThat(put.get().size()).isEqualTo(8192);
    assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly(key);
  }

  @Test
  void tempFolderIsNotAKey() {
    assertThatThrownBy(() -> store.put(key(".tmp/x"), utf8("x")))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.stat(key(".tmp"))).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void deleteRemovesEmptyFoldersButKeepsTopLevelOnesAndTheRoot() throws IOException {
    store.put(key("landing/trips/2024/a.csv"), utf8("a"));
    store.put(key("top.csv"), utf8("t"));

    store.delete(key("landing/trips/2024/a.csv"));
    store.delete(key("top.csv"));

    assertThat(root.resolve("landing/trips")).doesNotExist();
    assertThat(root.resolve("landing")).isDirectory();
    assertThat(root).isDirectory();
  }

  @Test
  void folderIsNotAnObject() throws IOException {
    store.put(key("landing/trips/a.csv"), utf8("a"));

    assertThat(store.stat(key("landing/trips"))).isEmpty();
    assertThatThrownBy(() -> store.open(key("landing/trips")))
        .isInstanceOf(NoSuchFileException.class);
    store.delete(key("landing/trips"));
    assertThat(store.stat(key("landing/trips/a.csv"))).isPresent();
  }

  @Test
  void etagIsAVersionTokenNotAContentHash() throws IOException {
    ObjectKey key = key("config/contracts/trips.yaml");
    String first = store.put(key, utf8("same")).etag();
    String second = store.put(key, utf8("same")).etag();
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void filesWhoseNamesAreNoValidKeyAreNotListed() throws IOException {
    Files.createDirectories(root.resolve("landing"));
    Files.writeString(root.resolve("landing/back\\slash.csv"), "x");
    Files.writeString(root.resolve("landing/ok.csv"), "x");

    assertThat(store.list("landing/"))
        .extracting(i -> i.key().value())
        .containsExactly("landing/ok.csv");
  }

  @Test
  void uriIsTheFileUnderTheRoot() throws IOException {
    ObjectKey key = key("reports/été 2024.html");
    store.put(key, utf8("<html/>"));

    assertThat(store.uri(key).getScheme()).isEqualTo("file");
    assertThat(Path.of(store.uri(key))).isEqualTo(root.resolve(key.value())).hasContent("<html/>");
  }

  @Test
  void putsAndDeletesRacingInOneFolderNeverFail() throws Exception {
    // a delete removes the folder it empties while other writers create it again (uploads and archiving)
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        workers.add(pool.submit(() -> {
          await(start);
          for (int i = 0; i < 400; i++) {
            ObjectKey k = key("landing/trips/w" + id + "-" + i + ".csv");
            store.put(k, utf8("x"));
            store.delete(k);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : workers) {
        w.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.list("landing/")).isEmpty();
  }

  private ObjectInfo putUnchecked(ObjectKey key, InputStream in) {
    try {
      return store.put(key, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
  }

  @Test
  void openingTheStoreRemovesPartsAbandonedByADeadWriter(@TempDir Path dir) throws Exception {
    new LocalObjectStore(dir);
    Path old = Files.writeString(dir.resolve(LocalObjectStore.TMP).resolve("dead.part"), "half");
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(1))));
    Path fresh = Files.writeString(dir.resolve(LocalObjectStore.TMP).resolve("live.part"), "writing");
    new LocalObjectStore(dir);
    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
  }
}
