package io.icegate.ingest;

import io.icegate.store.Sha256;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Copies an upload to local disk for DuckDB, hashing it on the way, and expands gzip within
 * limits so that a small compressed bomb cannot fill the disk.
 */
final class Staging {

  /** An upload on local disk. */
  record Staged(Path original, Path data, String sha256, long bytes, boolean gzip) {}

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

  /** Downloads {@code key} into {@code dir} and expands it when it is gzip. */
  Staged stage(ObjectStore store, ObjectKey key, Path dir) throws IOException, BadUpload {
    Path original = dir.resolve("original");
    MessageDigest sha = Sha256.digest();
    long bytes;
    try (InputStream in = new DigestInputStream(store.open(key), sha)) {
      bytes = Files.copy(in, original);
    }
    String hex = Sha256.hex(sha);
    if (!isGzip(original)) {
      return new Staged(original, original, hex, bytes, false);
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
    return new Staged(original, expanded, hex, bytes, true);
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }
}
