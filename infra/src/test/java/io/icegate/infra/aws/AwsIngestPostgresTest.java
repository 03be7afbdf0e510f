package io.icegate.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.catalog.ScratchPostgres;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest on s3proxy with the JDBC catalog on PostgreSQL (127.0.0.1:5432, as RDS would be), the
 * password given as ICEGATE_CATALOG_PASSWORD. Skips when PostgreSQL is unreachable, fails in CI.
 */
class AwsIngestPostgresTest extends AwsIngestContract {

  ScratchPostgres db;

  @Override
  Map<String, String> catalogEnv() {
    db = ScratchPostgres.create("icegate_aws_");
    Map<String, String> env = new HashMap<>();
    env.put(AwsIcegate.CATALOG_TYPE, "jdbc");
    env.put(AwsIcegate.CATALOG_URI, db.url());
    env.put(AwsIcegate.CATALOG_USER, "postgres");
    String password = System.getenv("PGPASSWORD");
    if (password != null && !password.isBlank()) {
      env.put(AwsIcegate.CATALOG_PASSWORD, password);
    }
    return env;
  }

  @AfterEach
  void drop() throws Exception {
    if (db != null) {
      icegate.close();
      db.drop();
    }
  }

  @Test
  void catalogConnectionsBrokenSinceInitAreReopened() throws Exception {
    upload("a.csv", GOOD);
    // what a SnapStart restore (or an RDS failover) does to the pooled connections
    String database = db.url().substring(db.url().lastIndexOf('/') + 1);
    int killed = 0;
    try (Connection admin = DriverManager.getConnection(db.url().replace(database, "test"), ScratchPostgres.credentials());
        PreparedStatement kill = admin.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
      kill.setString(1, database);
      try (ResultSet rs = kill.executeQuery()) {
        while (rs.next()) {
          killed++;
        }
      }
    }
    assertThat(killed).as("catalog connections open before the restore").isPositive();

    IngestReport r = upload("b.csv", IngestFixtureTrips.trips("b", 5));

    assertThat(r.status()).as(r.toString()).isEqualTo(IngestStatus.COMMITTED);
    assertThat(rows(icegate.tables().dataset("trips").orElseThrow())).hasSize(8);
  }
}
