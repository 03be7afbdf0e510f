package io.icegate.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectStore;
import io.icegate.store.ObjectStoreConformance;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against s3proxy, at a bucket's root: the same suite as the local store, plus S3 specifics. */
class S3ObjectStoreTest extends ObjectStoreConformance {

  static S3Server server;
  static S3Client client;
  String bucket;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.start();
    client = server.client();
  }

  @AfterAll
  static void stopServer() throws Exception {
    client.close();
    server.close();
  }

  /** Where the store sits in its bucket; the prefixed subclass overrides it. */
  String prefix() {
    return "";
  }

  @Override
  protected ObjectStore newStore() {
    bucket = server.newBucket();
    return new S3ObjectStore(client, bucket, prefix());
  }

  @Test
  void uriNamesBucketAndKey() {
    URI uri = store.uri(key("landing/trips/été 2024.csv"));
    assertThat(uri.getScheme()).isEqualTo("s3");
    assertThat(uri.getAuthority()).isEqualTo(bucket);
    assertThat(uri.getPath()).isEqualTo("/" + prefix() + "landing/trips/été 2024.csv");
    assertThat(uri.toString()).startsWith("s3://" + bucket + "/" + prefix() + "landing/trips/");
  }

  @Test
  void etagIsTheS3EtagWithoutQuotes() throws IOException {
    ObjectInfo put = store.put(key("a.csv"), utf8("x"));
    String s3Etag = client.headObject(b -> b.bucket(bucket).key(prefix() + "a.csv")).eTag();
    assertThat(s3Etag).isEqualTo("\"" + put.etag() + "\"");
    // S3's etag of a single PUT is the MD5 of the content: equal bytes, equal etag
    assertThat(store.put(key("b.csv"), utf8("x")).etag()).isEqualTo(put.etag());
  }

  @Test
  void largePutIsAMultipartUploadLeavingNoPartsBehind() throws IOException {
    ObjectInfo put = store.put(key("artifacts/big.bin"), new PseudoRandomStream(2L * S3ObjectStore.PART_SIZE + 5));
    assertThat(put.etag()).endsWith("-3"); // S3's multipart etag names the number of parts
    assertThat(put.size()).isEqualTo(2L * S3ObjectStore.PART_SIZE + 5);
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void failedMultipartPutIsAborted() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> store.put(key("artifacts/broken.bin"), new FailingStream(S3ObjectStore.PART_SIZE + 1)))
        .isInstanceOf(IOException.class);
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void folderMarkersAreNotObjects() throws IOException {
    client.putObject(b -> b.bucket(bucket).key(prefix() + "landing/"), RequestBody.empty());
    store.put(key("landing/ok.csv"), utf8("x"));
    assertThat(store.list("landing/")).extracting(i -> i.key().value()).containsExactly("landing/ok.csv");
  }

  @Test
  void listFollowsContinuationTokensAcrossPages() throws IOException {
    // pages of 7 keys: the same continuation-token walk as S3's pages of 1000
    S3ObjectStore paged = new S3ObjectStore(client, bucket, prefix(), 7);
    for (int i = 0; i < 30; i++) {
      String k = prefix() + "many/k" + (100 + (i * 37) % 100);
      client.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("x"));
    }
    client.putObject(b -> b.bucket(bucket).key(prefix() + "other/x"), RequestBody.fromString("x"));

    var listed = paged.list("many/");

    assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix() + "many/").maxKeys(7)).isTruncated())
        .as("the server pages at 7 keys").isTrue();
    assertThat(listed).hasSize(30).extracting(ObjectInfo::key).isSorted().doesNotHaveDuplicates();
    assertThat(paged.list("")).hasSize(31);
  }
}
