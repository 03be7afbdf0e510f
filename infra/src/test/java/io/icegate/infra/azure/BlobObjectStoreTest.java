package io.icegate.infra.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.store.ObjectStoreConformance;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared conformance suite against Azurite, plus what is specific to blobs. */
class BlobObjectStoreTest extends ObjectStoreConformance {

  private static Azurite azurite;
  private BlobContainerClient container;

  @BeforeAll
  static void startAzurite() throws IOException {
    azurite = Azurite.start();
  }

  @AfterAll
  static void stopAzurite() throws IOException {
    if (azurite != null) {
      azurite.close();
    }
  }

  @Override
  protected ObjectStore newStore() {
    container = azurite.newContainer("conformance");
    return new BlobObjectStore(container, "");
  }

  @AfterEach
  void dropContainer() {
    if (container != null) {
      container.deleteIfExists();
    }
  }

  @Test
  void prefixScopesEveryOperation() throws IOException {
    BlobObjectStore scoped = new BlobObjectStore(container, "/tenant-a/icegate/");
    scoped.put(key("landing/trips/a.csv"), utf8("a"));
    store.put(key("landing/trips/b.csv"), utf8("outside the prefix"));

    assertThat(container.getBlobClient("tenant-a/icegate/landing/trips/a.csv").exists()).isTrue();
    assertThat(scoped.list("landing/")).extracting(ObjectInfo::key)
        .containsExactly(ObjectKey.of("landing/trips/a.csv"));
    assertThat(scoped.stat(key("landing/trips/b.csv"))).isEmpty();
    scoped.copy(key("landing/trips/a.csv"), key("archive/a.csv"));
    assertThat(container.getBlobClient("tenant-a/icegate/archive/a.csv").exists()).isTrue();
    assertThat(scoped.uri(key("archive/a.csv")).toString())
        .isEqualTo(azurite.blobEndpoint() + "/" + container.getBlobContainerName() + "/tenant-a/icegate/archive/a.csv");
  }

  @Test
  void listingPagesThroughMoreThanOnePage() throws IOException {
    int n = 1_205; // the store asks for pages of 1000
    for (int i = 0; i < n; i++) {
      store.put(key(String.format("landing/many/%05d.csv", i)), new byte[] {(byte) i});
    }

    List<ObjectInfo> listed = store.list("landing/many/");

    assertThat(listed).hasSize(n);
    assertThat(listed.get(n - 1).key().value()).isEqualTo(String.format("landing/many/%05d.csv", n - 1));
    assertThat(listed).extracting(ObjectInfo::key).isSorted();
  }

  @Test
  void etagMatchesWhatTheServiceReportsWithoutQuotes() throws IOException {
    ObjectInfo put = store.put(key("a.csv"), utf8("x"));
    String service = container.getBlobClient("a.csv").getProperties().getETag();

    assertThat(service).contains(put.etag());
    assertThat(put.etag()).doesNotContain("\"");
  }

  @Test
  void keyOfMapsBlobUrlsOfThisContainerAndPrefixOnly() {
    String base = azurite.blobEndpoint() + "/" + container.getBlobContainerName();
    BlobObjectStore scoped = new BlobObjectStore(container, "p");

    assertThat(((BlobObjectStore) store).keyOf(java.net.URI.create(base + "/landing/%C3%A9t%C3%A9/a%20b.csv")))
        .contains("landing/été/a b.csv");
    assertThat(scoped.keyOf(java.net.URI.create(base + "/p/landing/a.csv"))).contains("landing/a.csv");
    assertThat(scoped.keyOf(java.net.URI.create(base + "/q/landing/a.csv"))).isEmpty();
    assertThat(((BlobObjectStore) store).keyOf(java.net.URI.create(azurite.blobEndpoint() + "/other/landing/a.csv"))).isEmpty();
    assertThat(((BlobObjectStore) store).keyOf(java.net.URI.create("https://evil.example/" + Azurite.ACCOUNT + "/"
        + container.getBlobContainerName() + "/landing/a.csv"))).isEmpty();
    assertThat(((BlobObjectStore) store).keyOf(store.uri(key("landing/x y/ü.csv")))).contains("landing/x y/ü.csv");
  }

  @Test
  void uriNamesTheAccountContainerAndEncodedKey() {
    assertThat(store.uri(key("landing/été 2024/a b.csv")).toString())
        .isEqualTo(azurite.blobEndpoint() + "/" + container.getBlobContainerName()
            + "/landing/%C3%A9t%C3%A9%202024/a%20b.csv");
  }
}
