package io.icegate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.store.LocalObjectStore;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging on a real local store (linked in place) and on a store without local files (copied). */
class StagingTest {
  @TempDir Path dir;

  private final Staging staging = new Staging(1L << 30, 100);
  private static final ObjectKey KEY = ObjectKey.of("landing/trips/a.csv");

  @Test
  void aLocalUploadIsLinkedNotCopiedAndKeepsItsBytesWhenTheKeyIsReplaced() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
    byte[] first = "trip_id\na\n".getBytes(StandardCharsets.UTF_8);
    store.put(KEY, first);
    Path work = Files.createDirectories(dir.resolve("work"));

    Staging.Staged staged = staging.stage(store, KEY, work);

    assertThat(Files.isSameFile(staged.original(), store.localFile(KEY).orElseThrow())).as("hard link").isTrue();
    assertThat(staged.sha256()).isEqualTo(sha256(first));
    assertThat(staged.bytes()).isEqualTo(first.length);
    store.put(KEY, "trip_id\nb\nc\n".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readAllBytes(staged.data())).as("the hashed bytes are the bytes read").isEqualTo(first);
  }

  @Test
  void aStoreWithoutLocalFilesIsCopiedWithTheSameHash() throws Exception {
    LocalObjectStore local = new LocalObjectStore(dir.resolve("store"));
    byte[] content = "trip_id\na\n".repeat(50_000).getBytes(StandardCharsets.UTF_8);
    local.put(KEY, content);
    Staging.Staged staged = staging.stage(new Remote(local), KEY, Files.createDirectories(dir.resolve("work")));
    assertThat(Files.isSameFile(staged.original(), local.localFile(KEY).orElseThrow())).isFalse();
    assertThat(staged.sha256()).isEqualTo(sha256(content));
    assertThat(Files.readAllBytes(staged.data())).isEqualTo(content);
  }

  @Test
  void aLinkedGzipUploadIsHashedCompressedAndExpandedBesideIt() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
    byte[] plain = "trip_id\na\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    store.put(KEY, gz.toByteArray());
    Staging.Staged staged = staging.stage(store, KEY, Files.createDirectories(dir.resolve("work")));
    assertThat(staged.gzip()).isTrue();
    assertThat(staged.sha256()).isEqualTo(sha256(gz.toByteArray()));
    assertThat(Files.readAllBytes(staged.data())).isEqualTo(plain);
    assertThat(Files.readAllBytes(store.localFile(KEY).orElseThrow())).as("the upload is untouched")
        .isEqualTo(gz.toByteArray());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The store as a remote one looks to staging: no local file. */
  private record Remote(ObjectStore store) implements ObjectStore {
    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
      return store.stat(key);
    }

    @Override
    public InputStream open(ObjectKey key) throws IOException {
      return store.open(key);
    }

    @Override
    public ObjectInfo put(ObjectKey key, InputStream content) throws IOException {
      return store.put(key, content);
    }

    @Override
    public ObjectInfo copy(ObjectKey from, ObjectKey to) throws IOException {
      return store.copy(from, to);
    }

    @Override
    public void delete(ObjectKey key) throws IOException {
      store.delete(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
      return store.list(prefix);
    }

    @Override
    public URI uri(ObjectKey key) {
      return store.uri(key);
    }
  }
}
