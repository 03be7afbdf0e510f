package io.icegate.aws.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * local/aws-localstack.sh run against LocalStack (and PostgreSQL for the JDBC catalog) started by
 * Testcontainers, then the flow it sets up: an upload under landing/ is ingested by the deployed
 * zip (archived, committed to the warehouse in the bucket), a bad one is quarantined, the drift
 * scan answers, the API has an IAM Function URL. The script runs inside the LocalStack container,
 * whose image has the AWS CLI.
 *
 * <p>Disabled where no Docker engine runs (Testcontainers says so in the skip reason); needs the
 * zip: {@code ./mvnw -pl adapters/aws -am package}, then
 * {@code ./mvnw -pl adapters/aws test -Dtest=LocalStackDeployTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDeployTest {

  static final String ARCH = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "x86_64";
  static final Path ROOT = root();
  static final Path ZIP = ROOT.resolve("adapters/aws/target/icegate-aws-" + ARCH + ".zip");
  static final String WORK = "/opt/icegate";
  static final String BUCKET = "icegate-local";

  static final Network NETWORK = Network.newNetwork();

  @Container
  static final GenericContainer<?> POSTGRES = new GenericContainer<>(DockerImageName.parse("postgres:16"))
      .withNetwork(NETWORK)
      .withNetworkAliases("postgres")
      .withEnv("POSTGRES_USER", "icegate")
      .withEnv("POSTGRES_PASSWORD", "icegate-local-only")
      .withEnv("POSTGRES_DB", "icegate")
      .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));

  @Container
  static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
      .withNetwork(NETWORK)
      .withNetworkAliases("localstack")
      .withEnv("LAMBDA_DOCKER_NETWORK", NETWORK.getId())
      .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120")
      .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock");

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("local/aws-localstack.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException("local/aws-localstack.sh not found above " + Path.of("").toAbsolutePath());
  }

  @BeforeAll
  static void deploy() throws Exception {
    assumeTrue(Files.isRegularFile(ZIP), ZIP + " is missing: run ./mvnw -pl adapters/aws -am package first");
    copy("local/aws-localstack.sh");
    copy("local/samples/contracts/trips.yaml");
    copy(ROOT.relativize(ZIP).toString());
    ExecResult r = LOCALSTACK.execInContainer("env", "ENDPOINT=http://localhost:4566", "ARCH=" + ARCH,
        "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION=us-east-1",
        "bash", WORK + "/local/aws-localstack.sh");
    assertThat(r.getExitCode()).as(r.getStdout() + r.getStderr()).isZero();
    assertThat(r.getStdout()).contains("function icegate-ingest", "notification s3://" + BUCKET + "/landing/",
        "schedule rate(5 minutes)", "api http");
  }

  static void copy(String relative) {
    LOCALSTACK.copyFileToContainer(MountableFile.forHostPath(ROOT.resolve(relative), 0755), WORK + "/" + relative);
  }

  static String aws(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env", "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
        "AWS_DEFAULT_REGION=us-east-1", "AWS_PAGER=", "aws", "--endpoint-url", "http://localhost:4566"));
    cmd.addAll(List.of(args));
    ExecResult r = LOCALSTACK.execInContainer(cmd.toArray(String[]::new));
    assertThat(r.getExitCode()).as(String.join(" ", args) + ": " + r.getStderr()).isZero();
    return r.getStdout();
  }

  static String keys(String prefix) throws Exception {
    return aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", prefix, "--query", "Contents[].Key",
        "--output", "text");
  }

  /** Waits for a key under {@code prefix} containing {@code part}: ingest runs asynchronously. */
  static String awaitKey(String prefix, String part) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4)); // first invocation starts a Java container
    String found = keys(prefix);
    while (!found.contains(part) && Instant.now().isBefore(deadline)) {
      Thread.sleep(2000);
      found = keys(prefix);
    }
    assertThat(found).as("keys under " + prefix).contains(part);
    return found;
  }

  static void upload(String name, String csv) throws Exception {
    ExecResult w = LOCALSTACK.execInContainer("bash", "-c", "cat > " + WORK + "/" + name + " <<'CSV'\n" + csv + "CSV\n");
    assertThat(w.getExitCode()).isZero();
    aws("s3", "cp", WORK + "/" + name, "s3://" + BUCKET + "/landing/trips/" + name);
  }

  @Test
  void aGoodUploadIsIngestedIntoTheWarehouseInTheBucket() throws Exception {
    upload("good.csv", """
        trip_id,pickup_ts,passenger_count,fare,payment
        t1,2026-11-27T07:00:00Z,1,12.5,card
        t2,2026-11-27T08:00:00Z,2,7,cash
        """);

    awaitKey("archive/trips/", "good.csv");
    assertThat(keys("warehouse/")).contains(".metadata.json").contains(".parquet");
    assertThat(keys("landing/trips/")).doesNotContain("good.csv");
  }

  @Test
  void aBadUploadIsQuarantined() throws Exception {
    upload("bad.csv", """
        trip_id,pickup_ts,passenger_count,fare,payment
        t1,not a time,12,-1,card
        """);

    assertThat(awaitKey("quarantine/trips/", "report.json")).contains("bad.csv");
  }

  @Test
  void theScheduledFunctionsAnswerAndTheApiHasAnIamUrl() throws Exception {
    String out = aws("lambda", "invoke", "--function-name", "icegate-scan-drift", "--cli-binary-format",
        "raw-in-base64-out", "--payload", "{}", WORK + "/scan.json");
    assertThat(out).doesNotContain("FunctionError");
    assertThat(aws("events", "list-targets-by-rule", "--rule", "icegate-schedule"))
        .contains("icegate-scan-drift").contains("icegate-maintain-tables");
    assertThat(aws("lambda", "get-function-url-config", "--function-name", "icegate-api")).contains("AWS_IAM");
  }
}
