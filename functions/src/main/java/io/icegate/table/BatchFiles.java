package io.icegate.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.io.InputFile;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Which ingested batches a dataset's data file holds. Ingest names a batch's file after it
 * ({@code <batch>.parquet}, {@code <batch>-<n>.parquet} per partition); a file maintenance
 * compacted lists its batches in the Parquet footer under {@value #KEY}, so the batches of a
 * snapshot survive both snapshot expiry and compaction.
 */
public final class BatchFiles {

  /** Footer key of a compacted file: its batches' ids, comma separated. */
  public static final String KEY = "icegate.batches";

  private BatchFiles() {}

  /** An ingested batch's file: {@code <batch>.parquet}, or {@code <batch>-<n>.parquet} per partition. */
  private static final Pattern BATCH_FILE =
      Pattern.compile("(([0-9]{8}T[0-9]{6}Z)-[0-9a-f]{8})(?:-[0-9]+)?");
  /** The time a batch id starts with: {@code 20261127T070512Z}. */
  public static final DateTimeFormatter BATCH_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The batch whose ingest wrote the file, or null for any other file (a compacted one, say). */
  public static String batchOf(String location) {
    Matcher m = BATCH_FILE.matcher(name(location));
    return m.matches() ? m.group(1) : null;
  }

  /** When the ingest of a batch file's batch started, read off its id. */
  public static Instant startedAt(String batchId) {
    return Instant.from(BATCH_TIME.parse(batchId.substring(0, 16)));
  }

  /** The file's name without folder and {@code .parquet}. */
  public static String name(String location) {
    String name = location.substring(location.lastIndexOf('/') + 1);
    return name.endsWith(".parquet") ? name.substring(0, name.length() - ".parquet".length()) : name;
  }

  /** The batch ids a compacted file's footer lists; empty for any other file. */
  public static Set<String> listed(InputFile file) {
    try (ParquetFileReader reader = ParquetFileReader.open(new Footer(file))) {
      String value = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(KEY);
      Set<String> out = new LinkedHashSet<>();
      if (value != null && !value.isEmpty()) {
        out.addAll(List.of(value.split(",")));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The footer value for files holding {@code batches}. */
  public static String value(Set<String> batches) {
    return String.join(",", batches);
  }

  /** Parquet's view of an Iceberg input file, for its footer (works on any FileIO). */
  private record Footer(InputFile file) implements org.apache.parquet.io.InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      org.apache.iceberg.io.SeekableInputStream in = file.newStream();
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return in.getPos();
        }

        @Override
        public void seek(long pos) throws IOException {
          in.seek(pos);
        }
      };
    }
  }
}
