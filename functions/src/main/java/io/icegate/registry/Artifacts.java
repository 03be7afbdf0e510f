package io.icegate.registry;

import io.icegate.store.Sha256;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Pattern;

/** Finds a model artifact in the object store and verifies its sha256 while streaming it. */
final class Artifacts {
  private static final Pattern HAS_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");

  /** An artifact whose checksum was verified. */
  record Verified(ObjectKey key, String uri, String sha256, long bytes) {}

  private final ObjectStore store;

  Artifacts(ObjectStore store) {
    this.store = store;
  }

  /** Reads the artifact named by {@code reference} (a key or a URI of this store) and checks it. */
  Verified verify(String reference, String expectedSha256) {
    ObjectKey key = key(reference);
    String uri = store.uri(key).toString();
    MessageDigest sha = Sha256.digest();
    long bytes = 0;
    try (InputStream in = new DigestInputStream(store.open(key), sha)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0; ) {
        bytes += n;
      }
    } catch (NoSuchFileException e) {
      throw new RegistryException.Invalid("artifact " + uri + " does not exist in the object store (key '"
          + key + "'): upload it before registering");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read artifact " + uri, e);
    }
    String actual = Sha256.hex(sha);
    if (!actual.equals(expectedSha256)) {
      throw new ChecksumMismatchException(uri, expectedSha256, actual, bytes);
    }
    return new Verified(key, uri, actual, bytes);
  }

  /** The key a reference names: a key as is, or a URI that lies under this store's root. */
  ObjectKey key(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new RegistryException.Invalid("artifact is missing: give an object key or a URI of the object store");
    }
    if (!looksLikeUri(reference)) {
      return parseKey(reference, reference);
    }
    URI given = parseUri(reference);
    // the store's URI of a probe key tells its scheme, authority and root path
    URI probe = store.uri(ObjectKey.of("probe"));
    String root = probe.getPath().substring(0, probe.getPath().length() - "probe".length());
    String path = given.getPath();
    if (!Objects.equals(lower(given.getScheme()), lower(probe.getScheme()))
        || !Objects.equals(emptyToNull(given.getAuthority()), emptyToNull(probe.getAuthority()))
        || path == null || !path.startsWith(root) || path.length() == root.length()) {
      throw new RegistryException.Invalid("artifact URI " + Names.printable(reference)
          + " is not in this object store: give an object key, or a URI starting with "
          + probe.toString().substring(0, probe.toString().length() - "probe".length()));
    }
    return parseKey(path.substring(root.length()), reference);
  }

  private static boolean looksLikeUri(String reference) {
    // "C:..." is a drive letter, which ObjectKey refuses with its own message
    return HAS_SCHEME.matcher(reference).matches() && !reference.matches("[A-Za-z]:([\\\\/].*)?");
  }

  private static URI parseUri(String reference) {
    try {
      return new URI(reference);
    } catch (URISyntaxException e) {
      throw new RegistryException.Invalid("artifact URI " + Names.printable(reference) + " is malformed: "
          + e.getReason());
    }
  }

  private static ObjectKey parseKey(String key, String reference) {
    try {
      return ObjectKey.of(key);
    } catch (ObjectKey.InvalidKeyException e) {
      throw new RegistryException.Invalid("artifact " + Names.printable(reference) + ": " + e.getMessage());
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
