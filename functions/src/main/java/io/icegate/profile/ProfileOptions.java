package io.icegate.profile;

/**
 * Sketch sizes and parallelism for {@link Profiler}; {@link #defaults()} keeps drift computed from
 * merged sketches within 0.02 (KS) and 0.01 (PSI, Jensen-Shannon) of the exact values.
 *
 * @param kllK KLL accuracy parameter (normalized rank error about 0.35% at 800; ~19 KiB per
 *     column at 5M rows)
 * @param hllLgK log2 of the HLL register count (about 1.6% relative standard error at 12; 4 KiB)
 * @param frequentItemsMapSize frequent-items map size, a power of two (tracks up to 3/4 of it
 *     exactly, error at most 3.5/size of the rows beyond that)
 * @param parallelism columns sketched at once, each on its own duplicate of the caller's DuckDB
 *     connection; 1 uses the caller's connection, so temporary views stay visible
 */
public record ProfileOptions(int kllK, int hllLgK, int frequentItemsMapSize, int parallelism) {

  public ProfileOptions {
    if (kllK < 8 || kllK > 65535) {
      throw new IllegalArgumentException("kllK must be in [8, 65535]: " + kllK);
    }
    if (hllLgK < 4 || hllLgK > 21) {
      throw new IllegalArgumentException("hllLgK must be in [4, 21]: " + hllLgK);
    }
    if (frequentItemsMapSize < 8 || Integer.bitCount(frequentItemsMapSize) != 1) {
      throw new IllegalArgumentException(
          "frequentItemsMapSize must be a power of two >= 8: " + frequentItemsMapSize);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
    }
  }

  /** KLL k 800, HLL lgK 12, 1024 frequent items, two columns at once. */
  public static ProfileOptions defaults() {
    return new ProfileOptions(800, 12, 1024, 2);
  }
}
