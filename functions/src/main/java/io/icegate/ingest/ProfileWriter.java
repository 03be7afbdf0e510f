package io.icegate.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import org.apache.iceberg.Table;

/** Computes and stores the column profiles of an accepted batch. */
interface ProfileWriter {

  /** Profiles the Parquet file of accepted rows, which is the batch's committed data. */
  void write(Connection duckdb, Path acceptedParquet, Table dataset, String batchId, long snapshotId)
      throws Exception;
}
