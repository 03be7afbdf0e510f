package io.icegate.registry;

import io.icegate.infra.catalog.ScratchPostgres;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.config.LocalIcegate;
import io.icegate.infra.iceberg.LocalFileIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry races on the JDBC catalog over the machine's PostgreSQL (127.0.0.1:5432, user
 * postgres, trust or {@code PGPASSWORD}), in a database created for this run and dropped after it.
 * Skips when the server is unreachable, except in CI ({@code CI=true}) where that is a failure.
 */
class RegistryPostgresTest {

  private static ScratchPostgres postgres;

  @BeforeAll
  static void createDatabase() {
    postgres = ScratchPostgres.create("icegate_registry_");
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (postgres != null) {
      postgres.drop();
    }
  }

  @Test
  void concurrentRegistrationsAndPromotionsOnPostgres(@TempDir Path home) throws Exception {
    StringBuilder settings = new StringBuilder("catalog.type=jdbc\ncatalog.uri=" + postgres.url() + "\n"
        + "catalog.jdbc.schema-version=V1\ncatalog.warehouse=file:" + home.resolve("warehouse") + "\n"
        + "catalog.io-impl=" + LocalFileIO.class.getName() + "\n");
    ScratchPostgres.credentials().forEach((key, value) ->
        settings.append("catalog.jdbc.").append(key).append('=').append(value).append('\n'));
    Files.writeString(home.resolve(IcegateHome.PROPERTIES_FILE), settings);
    try (RegistryFixture f = new RegistryFixture(LocalIcegate.open(new IcegateHome(home)))) {
      long snapshot = f.upload("base", 10).snapshotId();
      RegistryRaces.concurrentRegistrationsGetDistinctConsecutiveVersions(f, snapshot);
      RegistryRaces.concurrentPromotionsHaveExactlyOneWinner(f.registry);
    }
  }
}
