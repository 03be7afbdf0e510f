package io.icegate.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The whole suite again with the store under a key prefix of a shared bucket. */
class PrefixedS3ObjectStoreTest extends S3ObjectStoreTest {

  @Override
  String prefix() {
    return "teams/fraud/";
  }

  @Test
  void objectsOutsideThePrefixAreInvisible() throws IOException {
    client.putObject(b -> b.bucket(bucket).key("landing/other-team.csv"), RequestBody.fromString("x"));
    client.putObject(b -> b.bucket(bucket).key("teams/fraud-archive/landing/x.csv"), RequestBody.fromString("x"));
    store.put(key("landing/mine.csv"), utf8("mine"));

    assertThat(store.list("")).extracting(i -> i.key().value()).containsExactly("landing/mine.csv");
    assertThat(store.stat(key("other-team.csv"))).isEmpty();
    assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("teams/fraud/landing/mine.csv")).asUtf8String())
        .isEqualTo("mine");
  }

  @Test
  void prefixIsNormalized() {
    assertThat(S3ObjectStore.normalizePrefix("/teams/fraud")).isEqualTo("teams/fraud/");
    assertThat(S3ObjectStore.normalizePrefix("  ")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> S3ObjectStore.normalizePrefix("a/../b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
