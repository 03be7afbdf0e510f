package io.icegate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.aws.RuntimeApiServer.Result;
import io.icegate.infra.aws.AwsIcegate;
import io.icegate.infra.aws.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Proof of the artifact, not of the classes: the packaged zip of this machine's architecture,
 * unzipped as Lambda unzips it, run by AWS's own runtime interface client in a fresh JVM against a
 * Runtime API on 127.0.0.1, ingests an SQS-wrapped S3 event into an Iceberg table whose warehouse
 * is on an S3 server (s3proxy), and refuses an event of the wrong type through the runtime's error path.
 */
class LambdaZipIT {

  static final long MAX_UNZIPPED = 120L * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void theZipHoldsOnlyThisArchitecturesNativesAndNoWebfluxOrAzure() throws IOException {
    for (String arch : List.of("x86_64", "arm64")) {
      Path zip = LambdaProcess.zipForThisMachine().resolveSibling("icegate-aws-" + arch + ".zip");
      Path task = LambdaProcess.unzip(zip, dir.resolve(arch));
      long unzipped;
      try (Stream<Path> files = Files.walk(task)) {
        unzipped = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      assertThat(unzipped).as(arch + " unzipped bytes").isLessThanOrEqualTo(MAX_UNZIPPED);
      List<String> jars;
      try (Stream<Path> lib = Files.list(task.resolve("lib"))) {
        jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
      }
      assertThat(jars).anyMatch(j -> j.startsWith("icegate-adapter-aws-"));
      assertThat(jars).noneMatch(j -> j.contains("webflux") || j.startsWith("azure-") || j.contains("netty"));
      String duckdb = jars.stream().filter(j -> j.startsWith("duckdb_jdbc-")).findFirst().orElseThrow();
      assertThat(natives(task.resolve("lib").resolve(duckdb)))
          .containsExactly(arch.equals("x86_64") ? "libduckdb_java.so_linux_amd64" : "libduckdb_java.so_linux_arm64");
    }
  }

  @Test
  void theZipIngestsAnSqsWrappedS3EventUnderTheRuntimeInterfaceClient() throws Exception {
    Path task = LambdaProcess.unzip(LambdaProcess.zipForThisMachine(), dir.resolve("task"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    try (S3Server s3 = S3Server.start(); RuntimeApiServer runtimeApi = new RuntimeApiServer()) {
      S3Client client = s3.client();
      client.createBucket(b -> b.bucket(LambdaFixture.BUCKET));
      // what an operator and a data producer do: a contract, then an upload (real PutObject calls)
      client.putObject(b -> b.bucket(LambdaFixture.BUCKET).key("config/contracts/trips.yaml"),
          RequestBody.fromFile(LambdaFixture.SAMPLES.resolve("contracts/trips.yaml")));
      client.putObject(b -> b.bucket(LambdaFixture.BUCKET).key(IngestHandlerContract.MORNING),
          RequestBody.fromBytes(LambdaFixture.resource("uploads/trips-morning.csv")));

      Map<String, String> env = new HashMap<>(LambdaFixture.s3Env(s3, dir));
      List<String> flags = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp);
      try (LambdaProcess lambda = LambdaProcess.start(task, LambdaProcess.runtimeClasspath(),
          "io.icegate.aws.IngestHandler::handleRequest", runtimeApi.address(), env, flags, dir.resolve("lambda.log"))) {
        String ok = runtimeApi.invoke(LambdaFixture.event("sqs-s3-one.json"));
        Result result = runtimeApi.await(ok, 240, TimeUnit.SECONDS);
        assertThat(result.error()).as(lambda.output()).isFalse();
        assertThat(LambdaFixture.JSON.readTree(result.body()).get("batchItemFailures")).isEmpty();
        // the ingest's metrics went to stdout as CloudWatch Embedded Metric Format
        assertThat(lambda.output()).contains("\"CloudWatchMetrics\"").contains("icegate-test");
        // and its log line is JSON carrying the upload's batch id and key
        assertThat(lambda.output().lines().filter(l -> l.startsWith("{\"time\""))).anySatisfy(l -> assertThat(l)
            .contains("\"batch_id\":\"").contains("\"object_key\":\"" + IngestHandlerContract.MORNING + "\"")
            .contains("ingest committed"));

        // the same container refuses an HTTP payload through the runtime's error path, and lives on
        String wrong = runtimeApi.invoke(LambdaFixture.event("function-url-register-base64.json"));
        Result refused = runtimeApi.await(wrong, 60, TimeUnit.SECONDS);
        assertThat(refused.error()).isTrue();
        assertThat(refused.body()).contains("RefusedEventException").contains("IngestHandler takes");
        assertThat(lambda.isAlive()).isTrue();
      }

      // the table as any other reader of the catalog and warehouse sees it
      try (AwsIcegate reader = AwsIcegate.fromEnvironment(env)) {
        Table trips = reader.tables().dataset("trips").orElseThrow();
        assertThat(trips.location()).startsWith("s3://" + LambdaFixture.BUCKET + "/warehouse/");
        List<Record> rows = LambdaFixture.rows(trips);
        assertThat(rows.stream().map(r -> (String) r.getField("trip_id")).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder("m-001", "m-002", "m-003", "m-004", "m-005");
        assertThat(LambdaFixture.rows(reader.tables().ingestLog()))
            .anyMatch(r -> "committed".equals(r.getField("status"))
                && IngestHandlerContract.MORNING.equals(r.getField("source_key")));
      }
      List<String> dataFiles = new ArrayList<>();
      client.listObjectsV2Paginator(b -> b.bucket(LambdaFixture.BUCKET).prefix("warehouse/datasets/trips/data/"))
          .contents().forEach(o -> dataFiles.add(o.key()));
      assertThat(dataFiles).anyMatch(k -> k.endsWith(".parquet"));
      // the upload left landing/
      assertThat(client.listObjectsV2(b -> b.bucket(LambdaFixture.BUCKET).prefix("landing/")).contents()).isEmpty();
    }
  }

  private static List<String> natives(Path jar) throws IOException {
    try (ZipFile z = new ZipFile(jar.toFile())) {
      return z.stream().map(e -> e.getName()).filter(n -> n.startsWith("libduckdb_java")).toList();
    }
  }
}
