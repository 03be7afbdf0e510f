package io.icegate.ingest;

import io.icegate.table.IcegateTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import org.apache.iceberg.Table;

/** Profiles each accepted batch into {@code icegate.profiles}. */
final class BatchProfiles implements ProfileWriter {
  private final IcegateTables tables;
  private final Clock clock;

  BatchProfiles(IcegateTables tables, Clock clock) {
    this.tables = tables;
    this.clock = clock;
  }

  @Override
  public void write(Connection duckdb, Path acceptedParquet, Table dataset, String batchId, long snapshotId) {
    throw new UnsupportedOperationException("profiles: pending the profile package");
  }
}
