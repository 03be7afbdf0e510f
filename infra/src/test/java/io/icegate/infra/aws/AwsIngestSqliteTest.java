package io.icegate.infra.aws;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Ingest on s3proxy with the JDBC catalog in a SQLite file. */
class AwsIngestSqliteTest extends AwsIngestContract {

  @TempDir Path dir;

  @Override
  Map<String, String> catalogEnv() {
    return Map.of(
        AwsIcegate.CATALOG_TYPE, "jdbc",
        AwsIcegate.CATALOG_URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
  }
}
