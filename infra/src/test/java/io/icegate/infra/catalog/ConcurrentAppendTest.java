package io.icegate.infra.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers in one process committing to one table through the SQLite catalog all land. */
class ConcurrentAppendTest {

  private static final int WRITERS = 8;
  private static final int ROWS = 50;

  @TempDir Path home;

  @Test
  void everyConcurrentAppendLands() throws Exception {
    Catalog catalog = Catalogs.load(Catalogs.DEFAULT_NAME, Catalogs.embeddedDefaults(home));
    TableIdentifier id = TableIdentifier.of(Namespace.of("datasets"), "hot");
    ((SupportsNamespaces) catalog).createNamespace(id.namespace());
    catalog.createTable(id, TableRoundTrip.SCHEMA);

    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> commits = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        long firstId = (long) w * ROWS;
        commits.add(
            pool.submit(
                () -> {
                  Table table = catalog.loadTable(id);
                  DataFile file = TableRoundTrip.writeParquet(table, firstId, ROWS);
                  start.await();
                  table.newAppend().appendFile(file).commit();
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> commit : commits) {
        commit.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    Table table = catalog.loadTable(id);
    assertThat(table.snapshots()).hasSize(WRITERS);
    assertThat(table.currentSnapshot().summary())
        .containsEntry("total-records", String.valueOf(WRITERS * ROWS));
    assertThat(TableRoundTrip.ids(table))
        .containsExactlyInAnyOrderElementsOf(TableRoundTrip.range(0, WRITERS * ROWS));
    ((Closeable) catalog).close();
  }
}
