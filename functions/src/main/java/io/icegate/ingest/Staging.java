package io.icegate.ingest;

import io.icegate.store.Sha256;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Puts an upload on local disk for DuckDB and hashes it, and expands gzip within limits so that a
 * small compressed bomb cannot fill the disk. An upload the store already keeps on this filesystem
 * is hard-linked, not copied: the link pins the very bytes that are hashed and read even if the key
 * is replaced meanwhile (stores replace by rename), and costs no write of the whole file. Its hash
 * is then computed on a thread of its own, while DuckDB reads the same bytes.
 */
final class Staging {

  /** An upload on local disk; its hash may still be being computed. */
  record Staged(Path original, Path data, Future<String> hash, long bytes, boolean gzip) {

    /** The upload's sha256, waiting for it if need be. */
    String sha256() throws IOException {
      try {
        return hash.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while hashing the upload");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException("hashing the upload failed", e.getCause());
      }
    }
  }

  /** Thrown when the upload cannot be staged for a reason that lies in its content. */
  static final class BadUpload extends Exception {
    BadUpload(String message) {
      super(message);
    }
  }

  private final long maxExpandedBytes;
  private final long maxExpansionRatio;

  Staging(long maxExpandedBytes, long maxExpansionRatio) {
    this.maxExpandedBytes = maxExpandedBytes;
    this.maxExpansionRatio = maxExpansionRatio;
  }

  /** Puts {@code key} into {@code dir} and expands it when it is gzip. */
  Staged stage(ObjectStore store, ObjectKey key, Path dir) throws IOException, BadUpload {
    Path original = dir.resolve("original");
    long bytes;
    Future<String> hash;
    if (link(store, key, original)) {
      bytes = Files.size(original);
      FutureTask<String> task = new FutureTask<>(() -> {
        try (InputStream in = Files.newInputStream(original)) {
          return Sha256.hex(in);
        }
      });
      Thread hasher = new Thread(task, "icegate-hash");
      hasher.setDaemon(true);
      hasher.start();
      hash = task;
    } else {
      MessageDigest sha = Sha256.digest();
      try (InputStream in = new DigestInputStream(store.open(key), sha)) {
        bytes = Files.copy(in, original);
      }
      hash = CompletableFuture.completedFuture(Sha256.hex(sha));
    }
    if (!isGzip(original)) {
      return new Staged(original, original, hash, bytes, false);
    }
    Path expanded = dir.resolve("expanded");
    long limit = Math.min(maxExpandedBytes, Math.max(bytes, 1) * maxExpansionRatio);
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(original)), 65536);
        OutputStream out = Files.newOutputStream(expanded)) {
      byte[] buf = new byte[65536];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > limit) {
          throw new BadUpload("gzip expands beyond " + limit + " bytes (" + bytes
              + " compressed; limits: " + maxExpansionRatio + "x and " + maxExpandedBytes
              + " bytes): refused as a possible decompression bomb");
        }
        out.write(buf, 0, n);
      }
    } catch (ZipException | EOFException e) {
      throw new BadUpload("corrupt gzip stream: " + e.getMessage());
    }
    return new Staged(original, expanded, hash, bytes, true);
  }

  /** Hard-links the store's own file of {@code key} as {@code link}; false when that cannot be done. */
  private static boolean link(ObjectStore store, ObjectKey key, Path link) throws IOException {
    Optional<Path> file = store.localFile(key);
    if (file.isEmpty()) {
      return false;
    }
    try {
      Files.createLink(link, file.get());
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      // another filesystem (the engine's temp folder elsewhere), or links not supported: copy
      Files.deleteIfExists(link);
      return false;
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }
}
