package io.icegate.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.apache.iceberg.Table;

/** Computes and stores the column profiles of an accepted batch. */
interface ProfileWriter {

  /** Profiles the Parquet files of accepted rows, which are the batch's committed data. */
  void write(Connection duckdb, List<Path> acceptedParquet, Table dataset, String batchId, long snapshotId)
      throws Exception;
}
