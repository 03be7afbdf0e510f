package io.icegate.ingest;

/**
 * Bounds that keep one hostile upload from exhausting an instance.
 *
 * @param maxLineBytes longest CSV/JSON line accepted; longer records are rejected as malformed
 * @param maxExpandedBytes largest size a gzip upload may expand to
 * @param maxExpansionRatio largest expanded/compressed ratio (decompression bombs reach 1000x)
 */
public record IngestLimits(int maxLineBytes, long maxExpandedBytes, long maxExpansionRatio) {

  /** 8 MiB lines, 50 GiB expanded, 200x. */
  public static final IngestLimits DEFAULTS = new IngestLimits(8 << 20, 50L << 30, 200);
}
