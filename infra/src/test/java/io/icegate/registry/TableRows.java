package io.icegate.registry;

import java.io.IOException;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads a table snapshot's rows through Iceberg's generic reader. */
final class TableRows {
  private TableRows() {}

  static long count(Table table, long snapshotId) throws IOException {
    long n = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      for (Record ignored : rows) {
        n++;
      }
    }
    return n;
  }
}
