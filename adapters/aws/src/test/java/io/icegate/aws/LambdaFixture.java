package io.icegate.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icegate.auth.ApiTokens;
import io.icegate.auth.ObjectStoreTokenStore;
import io.icegate.auth.Scope;
import io.icegate.auth.TokenEntry;
import io.icegate.infra.aws.AwsIcegate;
import io.icegate.infra.aws.S3Server;
import io.icegate.infra.config.IcegateHome;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** A Lambda runtime over a fresh icegate home, the sample contracts, and the test's event files. */
final class LambdaFixture implements AutoCloseable {

  static final String BUCKET = "icegate-test-bucket";
  /** The API token the event files carry (test-only; its hash is added to the home's tokens). */
  static final String TOKEN = "igt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM";
  static final ObjectMapper JSON = new ObjectMapper();
  /** The repository's sample contracts and policies, also used by the local demo. */
  static final Path SAMPLES = Files.isDirectory(Path.of("local/samples")) ? Path.of("local/samples")
      : Path.of("../../local/samples");

  final LambdaRuntime runtime;
  private final AutoCloseable server;

  private LambdaFixture(LambdaRuntime runtime, AutoCloseable server) {
    this.runtime = runtime;
    this.server = server;
  }

  /**
   * A runtime as deployed: {@link io.icegate.infra.aws.AwsIcegate} from the environment, the bucket
   * on s3proxy in this JVM, the Iceberg warehouse in it through S3FileIO, a JDBC catalog in SQLite.
   */
  static LambdaFixture onS3(Path dir, Map<String, String> extraEnv) throws Exception {
    Files.createDirectories(dir);
    S3Server s3 = S3Server.start();
    try {
      s3.client().createBucket(b -> b.bucket(BUCKET));
      Map<String, String> env = new HashMap<>(s3Env(s3, dir));
      env.putAll(extraEnv);
      return new LambdaFixture(LambdaRuntime.start(env), s3);
    } catch (Exception | Error e) {
      s3.close();
      throw e;
    }
  }

  /** The environment of a function over {@code s3}'s bucket {@link #BUCKET}. */
  static Map<String, String> s3Env(S3Server s3, Path dir) {
    Map<String, String> env = new HashMap<>(s3.env());
    env.put(AwsIcegate.BUCKET, BUCKET);
    env.put(AwsIcegate.CATALOG_TYPE, "jdbc");
    env.put(AwsIcegate.CATALOG_URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
    env.put(AwsIcegate.WAREHOUSE, "s3://" + BUCKET + "/warehouse");
    return env;
  }

  /** A runtime over a new home in {@code dir}, configured as a Lambda function's environment would. */
  static LambdaFixture start(Path dir, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put(IcegateHome.ENV, dir.toString());
    env.putIfAbsent(LambdaSettings.BUCKET, BUCKET);
    return new LambdaFixture(LambdaRuntime.start(env), null);
  }

  static LambdaFixture start(Path dir) {
    return start(dir, Map.of());
  }

  ObjectStore store() {
    return runtime.context().getBean(ObjectStore.class);
  }

  IcegateTables tables() {
    return runtime.context().getBean(IcegateTables.class);
  }

  /** Puts a sample contract where ingest looks for it. */
  void contract(String dataset) throws IOException {
    store().put(ObjectKey.of("config/contracts/" + dataset + ".yaml"),
        Files.readAllBytes(SAMPLES.resolve("contracts/" + dataset + ".yaml")));
  }

  /** Adds the event files' token with {@code scopes}. */
  void token(String principal, Scope... scopes) throws IOException {
    new ObjectStoreTokenStore(store()).add(new TokenEntry(principal, ApiTokens.sha256Hex(TOKEN),
        EnumSet.of(scopes[0], scopes), "aws adapter tests", Instant.now(), null));
  }

  /** The trips contract and the three uploads s3-put-several.json notifies of, ingested through {@code handler}. */
  void ingestSeveral(RequestStreamHandler handler) throws IOException {
    contract("trips");
    upload(IngestHandlerContract.MORNING, "uploads/trips-morning.csv");
    upload(IngestHandlerContract.EVENING, "uploads/trips-evening.csv");
    upload(IngestHandlerContract.BAD, "uploads/trips-bad.csv");
    invoke(handler, event("s3-put-several.json"));
  }

  /** Uploads a test resource under {@code key}, as a client's PutObject would. */
  ObjectInfo upload(String key, String resource) throws IOException {
    return store().put(ObjectKey.of(key), resource(resource));
  }

  /** Rows of a table, in file order. */
  static List<Record> rows(Table table) {
    table.refresh();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  List<Record> datasetRows(String dataset) {
    return rows(tables().dataset(dataset).orElseThrow());
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = LambdaFixture.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return in.readAllBytes();
    }
  }

  /** An event file from src/test/resources/events/. */
  static byte[] event(String name) throws IOException {
    return resource("events/" + name);
  }

  static JsonNode eventTree(String name) throws IOException {
    return JSON.readTree(event(name));
  }

  /** Invokes a handler as the Lambda runtime does: event bytes in, response bytes out. */
  static JsonNode invoke(RequestStreamHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext());
    return JSON.readTree(out.toByteArray());
  }

  static JsonNode invoke(RequestStreamHandler handler, JsonNode event) throws IOException {
    return invoke(handler, JSON.writeValueAsBytes(event));
  }

  @Override
  public void close() throws Exception {
    runtime.close();
    if (server != null) {
      server.close();
    }
  }

  /** Lambda's per-invocation context, as the runtime fills it. */
  static final class TestContext implements Context {
    private final String requestId = UUID.randomUUID().toString();

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/icegate-test"; }
    @Override public String getLogStreamName() { return "2026/11/27/[$LATEST]0123456789abcdef"; }
    @Override public String getFunctionName() { return "icegate-test"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:icegate-test"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 900_000; }
    @Override public int getMemoryLimitInMB() { return 2048; }
    @Override public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override public void log(String message) { System.err.print(message); }
        @Override public void log(byte[] message) { System.err.print(new String(message, StandardCharsets.UTF_8)); }
      };
    }
  }
}
