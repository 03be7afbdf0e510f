package io.icegate.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.infra.catalog.Catalogs;
import io.icegate.notify.Secret;
import io.icegate.notify.SecretRef;
import io.icegate.notify.SecretUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Settings, catalog properties and secret handling of {@link AwsIcegate}; no server needed. */
class AwsIcegateTest {

  static final String PASSWORD = "pg-Pa55-w0rd-never-shown";

  @TempDir Path dir;

  static Map<String, String> glueEnv() {
    return Map.of(AwsIcegate.BUCKET, "acme-ml", AwsIcegate.PREFIX, "/icegate/", AwsIcegate.CATALOG_TYPE, "glue",
        AwsIcegate.REGION, "eu-west-1");
  }

  @Test
  void glueCatalogPropertiesNameGlueS3FileIoAndTheWarehouseUnderThePrefix() {
    AwsSettings s = AwsSettings.from(glueEnv());

    Map<String, String> p = AwsIcegate.catalogProperties(s, Optional.empty(), Optional.empty());

    assertThat(s.prefix()).isEqualTo("icegate/");
    assertThat(p).containsExactlyInAnyOrderEntriesOf(Map.of(
        "type", "glue",
        "warehouse", "s3://acme-ml/icegate/warehouse",
        "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
        "client.region", "eu-west-1",
        "table-default.commit.retry.num-retries", "20"));
    // iceberg-aws accepts them: the catalog initializes (no call to Glue is made before first use)
    Catalog catalog = Catalogs.load(Catalogs.DEFAULT_NAME, p);
    assertThat(catalog).isInstanceOf(GlueCatalog.class);
    assertThat(catalog.name()).isEqualTo("icegate");
  }

  @Test
  void jdbcPropertiesCarryUserPasswordEndpointAndStaticKeys() {
    Map<String, String> env = new HashMap<>(Map.of(AwsIcegate.BUCKET, "b", AwsIcegate.CATALOG_TYPE, "JDBC",
        AwsIcegate.CATALOG_URI, "jdbc:postgresql://db:5432/icegate", AwsIcegate.CATALOG_USER, "icegate",
        AwsIcegate.CATALOG_PASSWORD, PASSWORD, AwsIcegate.WAREHOUSE, "s3://b/wh",
        AwsIcegate.S3_ENDPOINT, "http://127.0.0.1:4566", AwsIcegate.REGION, "us-east-1"));
    AwsSettings s = AwsSettings.from(env);
    var keys = AwsSessionCredentials.create("AKIDEXAMPLE", "secret-key", "token");

    Map<String, String> p = AwsIcegate.catalogProperties(s, s.password(), Optional.of(keys));

    assertThat(p).containsEntry("type", "jdbc").containsEntry("uri", "jdbc:postgresql://db:5432/icegate")
        .containsEntry("jdbc.user", "icegate").containsEntry("jdbc.password", PASSWORD)
        .containsEntry("jdbc.schema-version", "V1").containsEntry("warehouse", "s3://b/wh")
        .containsEntry("jdbc.socketTimeout", "60").containsEntry("retryable_status_codes", "57P01,57P02,57P03")
        .containsEntry("s3.endpoint", "http://127.0.0.1:4566").containsEntry("s3.path-style-access", "true")
        .containsEntry("s3.access-key-id", "AKIDEXAMPLE").containsEntry("s3.session-token", "token");
    assertThat(s.s3Endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void everyProblemIsReportedAtOnceNamingTheKeys() {
    assertThatThrownBy(() -> AwsSettings.from(Map.of(AwsIcegate.CATALOG_TYPE, "hive",
            AwsIcegate.CATALOG_PASSWORD, "x", AwsIcegate.CATALOG_PASSWORD_PARAMETER, "/p")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ICEGATE_BUCKET is required")
        .hasMessageContaining("ICEGATE_CATALOG_TYPE is 'hive'")
        .hasMessageContaining("not both")
        .hasMessageContaining("AWS_REGION is required")
        .hasMessageNotContaining("'x'");
    assertThatThrownBy(() -> AwsSettings.from(Map.of(AwsIcegate.BUCKET, "b", AwsIcegate.CATALOG_TYPE, "jdbc",
            AwsIcegate.REGION, "us-east-1")))
        .hasMessageContaining("ICEGATE_CATALOG_URI must be a JDBC URL");
  }

  @Test
  void thePasswordIsNeverInToStringNorInTheLog() throws Exception {
    Map<String, String> env = Map.of(AwsIcegate.BUCKET, "b", AwsIcegate.CATALOG_TYPE, "jdbc",
        AwsIcegate.CATALOG_URI, "jdbc:sqlite:" + dir.resolve("c.db") + "?password=" + PASSWORD,
        AwsIcegate.CATALOG_USER, "icegate", AwsIcegate.CATALOG_PASSWORD, PASSWORD,
        AwsIcegate.S3_ENDPOINT, "http://127.0.0.1:9", AwsIcegate.REGION, "us-east-1",
        "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-access-key-never-shown");
    // console logging backends (slf4j-simple on stderr, logback on stdout) write through System.out/err
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    String shown;
    System.setOut(capture);
    System.setErr(capture);
    try (AwsIcegate icegate = AwsIcegate.fromEnvironment(env)) {
      shown = icegate + "\n" + icegate.settings() + "\n" + icegate.settings().password();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("icegate on AWS").contains("bucket=b").contains("password=[redacted]");
    assertThat(log + shown).doesNotContain(PASSWORD).doesNotContain("secret-access-key-never-shown");
    assertThat(shown).contains("catalogUri=jdbc:sqlite:").contains("?[redacted]");
  }

  @Test
  void anSsmPasswordIsShownByItsParameterName() {
    Map<String, String> env = new HashMap<>(glueEnv());
    env.put(AwsIcegate.CATALOG_PASSWORD_PARAMETER, "/icegate/prod/catalog-password");
    assertThat(AwsSettings.from(env).toString()).contains("password=ssm:/icegate/prod/catalog-password");
  }

  @Test
  void webhookSecretsComeFromTheEnvironmentAndFilesAreRefused() {
    AwsSecrets secrets = new AwsSecrets(Map.of("RETRAIN_KEY", " k3y \n", "EMPTY", " "), () -> {
      throw new AssertionError("no SSM call for a plain value");
    });

    Secret key = secrets.resolve(SecretRef.env("RETRAIN_KEY"));

    assertThat(key.reveal()).isEqualTo("k3y");
    assertThatThrownBy(() -> secrets.resolve(SecretRef.env("EMPTY"))).isInstanceOf(SecretUnavailableException.class)
        .hasMessageContaining("env:EMPTY is not set");
    assertThatThrownBy(() -> secrets.resolve(SecretRef.file("secrets/retrain.key")))
        .isInstanceOf(SecretUnavailableException.class).hasMessageContaining("not available on AWS Lambda");
  }

  @Test
  void envKeysAreTheDocumentedOnes() {
    assertThat(AwsIcegate.ENV_KEYS).containsExactlyInAnyOrder("ICEGATE_BUCKET", "ICEGATE_PREFIX",
        "ICEGATE_CATALOG_TYPE", "ICEGATE_CATALOG_URI", "ICEGATE_CATALOG_USER", "ICEGATE_CATALOG_PASSWORD_PARAMETER",
        "ICEGATE_CATALOG_PASSWORD", "ICEGATE_WAREHOUSE", "ICEGATE_S3_ENDPOINT", "AWS_REGION",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
  }

  @Test
  void duckDbGetsFortyPercentOfTheFunctionsMemory() {
    assertThat(AwsIcegate.duckMemoryLimit(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3008"))).contains("1203MB");
    assertThat(AwsIcegate.duckMemoryLimit(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))).contains("128MB");
    assertThat(AwsIcegate.duckMemoryLimit(Map.of())).isEmpty();
  }
}
