package io.icegate.infra.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClientBuilder;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Blob URLs of a real account (no service is called) mapped to keys, as Event Grid reports them. */
class BlobKeyOfTest {

  private static final String CONNECTION = "DefaultEndpointsProtocol=https;AccountName=icegatedemo;"
      + "AccountKey=Zm9vYmFyc2VjcmV0a2V5;EndpointSuffix=core.windows.net";

  private final BlobObjectStore store = new BlobObjectStore(new BlobServiceClientBuilder()
      .connectionString(CONNECTION).buildClient().getBlobContainerClient("icegate"), "");

  @Test
  void blobAndDfsHostsOfTheAccountNameTheSameContainer() {
    assertThat(store.keyOf(URI.create("https://icegatedemo.blob.core.windows.net/icegate/landing/trips/a%20b.csv")))
        .contains("landing/trips/a b.csv");
    // written through the ADLS Gen2 API (FlushWithClose): Event Grid reports the dfs endpoint
    assertThat(store.keyOf(URI.create("https://icegatedemo.dfs.core.windows.net/icegate/landing/trips/c.csv")))
        .contains("landing/trips/c.csv");
    assertThat(store.keyOf(URI.create("https://otheraccount.blob.core.windows.net/icegate/landing/a.csv"))).isEmpty();
    assertThat(store.keyOf(URI.create("https://icegatedemo.blob.core.windows.net/icegate2/landing/a.csv"))).isEmpty();
    assertThat(store.keyOf(URI.create("https://icegatedemo.blob.core.windows.net:8443/icegate/landing/a.csv"))).isEmpty();
    assertThat(store.uri(io.icegate.store.ObjectKey.of("landing/trips/a b.csv")).toString())
        .isEqualTo("https://icegatedemo.blob.core.windows.net/icegate/landing/trips/a%20b.csv");
  }
}
