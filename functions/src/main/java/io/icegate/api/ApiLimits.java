package io.icegate.api;

/**
 * Limits of the {@code api} function.
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 */
public record ApiLimits(int maxBodyBytes) {

  /** 1 MiB: registration and gate requests are a few kilobytes; artifacts go to the object store. */
  public static final ApiLimits DEFAULTS = new ApiLimits(1024 * 1024);

  public ApiLimits {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
  }

  /** The limit in words, e.g. {@code 1048576 bytes (1 MiB)}. */
  public String describe() {
    return maxBodyBytes + " bytes" + (maxBodyBytes % (1024 * 1024) == 0 ? " (" + maxBodyBytes / (1024 * 1024) + " MiB)"
        : maxBodyBytes % 1024 == 0 ? " (" + maxBodyBytes / 1024 + " KiB)" : "");
  }

  /** The 413 for a body of {@code size} bytes, or of unknown size over the limit when {@code size} is negative. */
  public ApiException tooLarge(long size) {
    return new ApiException(Problem.of(413, (size < 0 ? "the request body is larger than the limit of "
            : "the request body is " + size + " bytes; the limit is ") + describe())
        .with("limit", maxBodyBytes));
  }
}
