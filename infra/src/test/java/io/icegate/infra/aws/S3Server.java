package io.icegate.infra.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy in this JVM on 127.0.0.1 and a random port, storing objects in a temp folder (its
 * filesystem backend), with SigV4 keys of its own. One per test class: it starts in about a second.
 */
public final class S3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "icegate-test";
  public static final String SECRET_KEY = "icegate-test-secret";
  public static final String REGION = "us-east-1";

  private final Path dir;
  private final S3Proxy proxy;
  private final S3Client client;

  private S3Server(Path dir, S3Proxy proxy) {
    this.dir = dir;
    this.proxy = proxy;
    this.client = client();
  }

  public static S3Server start() throws Exception {
    Path dir = Files.createTempDirectory("icegate-s3proxy-");
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    props.setProperty("jclouds.identity", ACCESS_KEY);
    props.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem", props))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    for (int i = 0; i < 100 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(50);
    }
    return new S3Server(dir, proxy);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** A client of this server, path-style, checksums only when required (as AwsIcegate does for endpoints). */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Creates a bucket with a fresh name. */
  public String newBucket() {
    String bucket = "icegate-" + UUID.randomUUID().toString().substring(0, 13);
    client.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** The AWS part of an environment pointing AwsIcegate at this server. */
  public java.util.Map<String, String> env() {
    return java.util.Map.of(
        AwsIcegate.S3_ENDPOINT, endpoint().toString(),
        AwsIcegate.REGION, REGION,
        "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // temp folder: best effort
        }
      });
    }
  }
}
