package io.icegate.profile;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * One column of one batch, summarised so that profiles merge: drift scans combine these instead of
 * reading rows, so a scan costs O(batches).
 *
 * <p>Values fed to the sketches: NUMERIC as {@code double} (integers too, so a column that widens
 * from BIGINT to DOUBLE still merges), TEMPORAL as epoch microseconds ({@code long} into HLL,
 * {@code double} into KLL; infinite dates have none and count as nulls), STRING as the UTF-8 text
 * (HLL skips the empty string, as DataSketches does), BOOLEAN as {@code "true"}/{@code "false"}.
 * Sketches are Apache DataSketches in their portable serialized forms: compact KLL doubles, compact
 * HLL_8, and a frequent-items sketch of strings written with {@code ArrayOfStringsSerDe} (UTF-8,
 * readable as {@code frequent_strings_sketch} from C++ and Python). A longs sketch was not used
 * because categories would be reduced to hashes that no report can name. For batches above {@link
 * ProfileOptions#sampleAbove()} rows, KLL and frequent items summarise a weighted sample, so their
 * total weight is close to, not exactly, {@link #nonNull()}; every other field is exact.
 *
 * @param column the column name as in the table
 * @param kind how the column is summarised
 * @param count rows in the batch, nulls included
 * @param nulls rows where the column is null
 * @param distinct HLL estimate of distinct non-null values
 * @param min smallest value (epoch micros for TEMPORAL); null for STRING, BOOLEAN or no values
 * @param max largest value, like {@code min}
 * @param minText smallest string in code-point order (DuckDB's order); STRING only
 * @param maxText largest string, like {@code minText}
 * @param mean mean of the non-null values; NUMERIC only
 * @param kll KLL doubles sketch; NUMERIC and TEMPORAL only
 * @param hll HLL sketch of the non-null values; every kind
 * @param frequentItems frequent-items sketch of strings; STRING and BOOLEAN only
 */
public record ColumnProfile(
    String column,
    Kind kind,
    long count,
    long nulls,
    long distinct,
    Double min,
    Double max,
    String minText,
    String maxText,
    Double mean,
    byte[] kll,
    byte[] hll,
    byte[] frequentItems) {

  /** How a column is summarised, which decides the statistics and sketches it carries. */
  public enum Kind {
    NUMERIC,
    STRING,
    BOOLEAN,
    TEMPORAL;

    /** Whether values are ordered numbers with a KLL sketch and numeric min/max. */
    public boolean isOrdered() {
      return this == NUMERIC || this == TEMPORAL;
    }

    /** Whether values are categories with a frequent-items sketch. */
    public boolean isCategorical() {
      return this == STRING || this == BOOLEAN;
    }

    /** How ingest profiles a table column: numbers as numbers, dates and times as epoch micros, the rest as categories. */
    public static Kind of(org.apache.iceberg.types.Type t) {
      return switch (t.typeId()) {
        case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> NUMERIC;
        case DATE, TIME, TIMESTAMP, TIMESTAMP_NANO -> TEMPORAL;
        case BOOLEAN -> BOOLEAN;
        default -> STRING;
      };
    }
  }

  public ColumnProfile {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(hll, "hll");
    if (count < 0 || nulls < 0 || nulls > count) {
      throw new IllegalArgumentException(
          "column " + column + ": need 0 <= nulls <= count, got " + nulls + " of " + count);
    }
    if ((kll != null) != kind.isOrdered()) {
      throw new IllegalArgumentException(
          "column " + column + ": a KLL sketch is required exactly for NUMERIC and TEMPORAL");
    }
    if ((frequentItems != null) != kind.isCategorical()) {
      throw new IllegalArgumentException(
          "column " + column + ": frequent items are required exactly for STRING and BOOLEAN");
    }
    kll = kll == null ? null : kll.clone();
    hll = hll.clone();
    frequentItems = frequentItems == null ? null : frequentItems.clone();
  }

  @Override
  public byte[] kll() {
    return kll == null ? null : kll.clone();
  }

  @Override
  public byte[] hll() {
    return hll.clone();
  }

  @Override
  public byte[] frequentItems() {
    return frequentItems == null ? null : frequentItems.clone();
  }

  /** Rows where the column has a value. */
  public long nonNull() {
    return count - nulls;
  }

  /** The KLL sketch, present for NUMERIC and TEMPORAL. */
  public Optional<KllDoublesSketch> kllSketch() {
    return Optional.ofNullable(kll).map(Sketches::kll);
  }

  /** The HLL sketch of the non-null values. */
  public HllSketch hllSketch() {
    return Sketches.hll(hll);
  }

  /** The frequent-items sketch, present for STRING and BOOLEAN. */
  public Optional<ItemsSketch<String>> frequentItemsSketch() {
    return Optional.ofNullable(frequentItems).map(Sketches::items);
  }

  /**
   * The profile of both batches together: counts add, min/max widen, means weight by non-null
   * counts, sketches merge; {@code distinct} is re-estimated from the merged HLL.
   */
  public static ColumnProfile merge(ColumnProfile a, ColumnProfile b) {
    if (!a.column.equals(b.column) || a.kind != b.kind) {
      throw new IllegalArgumentException(
          "cannot merge " + a.column + " (" + a.kind + ") with " + b.column + " (" + b.kind + ")");
    }
    byte[] hll = Sketches.mergeHll(a.hll, b.hll);
    return new ColumnProfile(
        a.column,
        a.kind,
        a.count + b.count,
        a.nulls + b.nulls,
        Math.round(Sketches.hll(hll).getEstimate()),
        pick(a.min, b.min, -1),
        pick(a.max, b.max, 1),
        pick(a.minText, b.minText, -1),
        pick(a.maxText, b.maxText, 1),
        weightedMean(a, b),
        a.kll == null ? null : Sketches.mergeKll(a.kll, b.kll),
        hll,
        a.frequentItems == null ? null : Sketches.mergeItems(a.frequentItems, b.frequentItems));
  }

  /**
   * The profile of all {@code profiles} together, as {@link #merge(ColumnProfile, ColumnProfile)}
   * applied in order but reading each sketch once and writing the merged ones once: a profile-mode
   * scan merges every batch of a window, and pairwise merging re-read and re-wrote the growing
   * sketches at each batch.
   */
  public static ColumnProfile merge(java.util.List<ColumnProfile> profiles) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("no profiles to merge");
    }
    ColumnProfile first = profiles.get(0);
    if (profiles.size() == 1) {
      return first;
    }
    int lgK = 0;
    for (ColumnProfile p : profiles) {
      if (!first.column.equals(p.column) || first.kind != p.kind) {
        throw new IllegalArgumentException("cannot merge " + first.column + " (" + first.kind + ") with "
            + p.column + " (" + p.kind + ")");
      }
      lgK = Math.max(lgK, Sketches.hll(p.hll).getLgConfigK());
    }
    KllDoublesSketch kll = first.kll == null ? null : Sketches.kll(first.kll);
    ItemsSketch<String> items = first.frequentItems == null ? null : Sketches.items(first.frequentItems);
    org.apache.datasketches.hll.Union union = new org.apache.datasketches.hll.Union(lgK);
    union.update(Sketches.hll(first.hll));
    ColumnProfile acc = first;
    for (int i = 1; i < profiles.size(); i++) {
      ColumnProfile b = profiles.get(i);
      if (kll != null) {
        kll.merge(Sketches.kll(b.kll));
      }
      if (items != null) {
        items.merge(Sketches.items(b.frequentItems));
      }
      union.update(Sketches.hll(b.hll));
      // the scalar fields as the pairwise merge folds them; sketches are filled in at the end
      acc = new ColumnProfile(acc.column, acc.kind, acc.count + b.count, acc.nulls + b.nulls, 0,
          pick(acc.min, b.min, -1), pick(acc.max, b.max, 1), pick(acc.minText, b.minText, -1),
          pick(acc.maxText, b.maxText, 1), weightedMean(acc, b), acc.kind.isOrdered() ? EMPTY : null, EMPTY,
          acc.kind.isCategorical() ? EMPTY : null);
    }
    HllSketch hll = union.getResult(Sketches.HLL_TYPE);
    return new ColumnProfile(acc.column, acc.kind, acc.count, acc.nulls, Math.round(hll.getEstimate()), acc.min,
        acc.max, acc.minText, acc.maxText, acc.mean, kll == null ? null : kll.toByteArray(),
        hll.toCompactByteArray(), items == null ? null : items.toByteArray(Sketches.STRINGS));
  }

  private static final byte[] EMPTY = new byte[0];

  /** The non-null of the two, or the one on {@code side} (-1 smaller, 1 larger). */
  private static Double pick(Double x, Double y, int side) {
    if (x == null || y == null) {
      return x == null ? y : x;
    }
    return Double.compare(x, y) * side >= 0 ? x : y;
  }

  private static String pick(String x, String y, int side) {
    if (x == null || y == null) {
      return x == null ? y : x;
    }
    return TextRange.compare(x, y) * side >= 0 ? x : y;
  }

  private static Double weightedMean(ColumnProfile a, ColumnProfile b) {
    if (a.mean == null || b.mean == null) {
      return a.mean == null ? b.mean : a.mean;
    }
    double share = (double) b.nonNull() / (a.nonNull() + b.nonNull());
    return a.mean + (b.mean - a.mean) * share;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnProfile p
        && count == p.count
        && nulls == p.nulls
        && distinct == p.distinct
        && column.equals(p.column)
        && kind == p.kind
        && Objects.equals(min, p.min)
        && Objects.equals(max, p.max)
        && Objects.equals(minText, p.minText)
        && Objects.equals(maxText, p.maxText)
        && Objects.equals(mean, p.mean)
        && Arrays.equals(kll, p.kll)
        && Arrays.equals(hll, p.hll)
        && Arrays.equals(frequentItems, p.frequentItems);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(column, kind, count, nulls, distinct, min, max, minText, maxText, mean);
    h = 31 * h + Arrays.hashCode(kll);
    h = 31 * h + Arrays.hashCode(hll);
    return 31 * h + Arrays.hashCode(frequentItems);
  }

  @Override
  public String toString() {
    return "ColumnProfile[column=" + column + ", kind=" + kind + ", count=" + count
        + ", nulls=" + nulls + ", distinct=" + distinct + ", min=" + (kind.isOrdered() ? min : minText)
        + ", max=" + (kind.isOrdered() ? max : maxText) + ", mean=" + mean
        + ", sketchBytes=" + (size(kll) + size(hll) + size(frequentItems)) + "]";
  }

  private static int size(byte[] b) {
    return b == null ? 0 : b.length;
  }
}
