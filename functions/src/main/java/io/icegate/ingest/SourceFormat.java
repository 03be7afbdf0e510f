package io.icegate.ingest;

import java.util.Locale;
import java.util.Optional;

/** Upload formats icegate reads. */
public enum SourceFormat {
  CSV,
  JSON_LINES,
  PARQUET;

  /** The short name used in reports: csv, jsonl, parquet. */
  public String shortName() {
    return switch (this) {
      case CSV -> "csv";
      case JSON_LINES -> "jsonl";
      case PARQUET -> "parquet";
    };
  }

  /**
   * The format named by a file name, looking through a {@code .gz} suffix: {@code .csv},
   * {@code .tsv} is not supported, {@code .jsonl}/{@code .ndjson}/{@code .json}, {@code .parquet}.
   */
  public static Optional<SourceFormat> fromName(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    if (n.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
      return Optional.of(JSON_LINES);
    }
    if (n.endsWith(".parquet") || n.endsWith(".pq")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }
}
