package io.icegate.registry;

/** The artifact's bytes do not hash to the sha256 the registration claimed. */
public final class ChecksumMismatchException extends RegistryException.Invalid {
  private final String artifactUri;
  private final String expected;
  private final String actual;
  private final long bytes;

  ChecksumMismatchException(String artifactUri, String expected, String actual, long bytes) {
    super("artifact " + artifactUri + " does not match its checksum: expected sha256 " + expected
        + " (from the request), actual sha256 " + actual + " (computed over the " + bytes
        + " bytes in the object store)");
    this.artifactUri = artifactUri;
    this.expected = expected;
    this.actual = actual;
    this.bytes = bytes;
  }

  /** The artifact as read. */
  public String artifactUri() {
    return artifactUri;
  }

  /** The sha256 the request claimed. */
  public String expected() {
    return expected;
  }

  /** The sha256 of the bytes in the store. */
  public String actual() {
    return actual;
  }

  /** How many bytes were hashed. */
  public long bytes() {
    return bytes;
  }
}
