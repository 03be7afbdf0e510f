package io.icegate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.store.LocalObjectStore;
import io.icegate.store.ObjectKey;
import io.icegate.testing.ForwardingObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging on a real local store (linked in place) and on one that looks remote (copied). */
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
    Staging.Staged staged = staging.stage(new ForwardingObjectStore(local), KEY, Files.createDirectories(dir.resolve("work")));
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
}
