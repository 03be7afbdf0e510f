package io.icegate.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the checksum icegate records for uploads, artifacts, predictions and tokens. */
public final class Sha256 {

  private Sha256() {}

  /** A fresh digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The digest as 64 lower-case hex digits. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The checksum of bytes, as hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** The checksum of a whole stream, as hex; the stream is read to its end, not closed. */
  public static String hex(InputStream in) throws IOException {
    MessageDigest sha = digest();
    new DigestInputStream(in, sha).transferTo(OutputStream.nullOutputStream());
    return hex(sha);
  }
}
