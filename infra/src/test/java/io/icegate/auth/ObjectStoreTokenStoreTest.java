package io.icegate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.api.ApiFunction;
import io.icegate.api.ApiLimits;
import io.icegate.api.ApiRoutes;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.infra.store.LocalObjectStore;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.testing.ForwardingObjectStore;
import io.icegate.testing.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token hashes in the home's object store: appended by the CLI, cached for requests. */
class ObjectStoreTokenStoreTest {
  @TempDir Path dir;
  private CountingStore store;
  private final TestClock clock = TestClock.at(Instant.parse("2025-06-01T12:00:00Z"));
  private ObjectStoreTokenStore tokens;

  @BeforeEach
  void open() throws IOException {
    store = new CountingStore(new LocalObjectStore(dir.resolve("objects")));
    tokens = new ObjectStoreTokenStore(store, clock, Duration.ofSeconds(5));
  }

  private static TokenEntry entry(String principal, String token, Scope... scopes) {
    return new TokenEntry(principal, ApiTokens.sha256Hex(token), EnumSet.of(scopes[0], scopes), null, null, null);
  }

  @Test
  void addWritesOnlyTheHashAndReadsBack() throws IOException {
    assertThat(tokens.entries()).isEmpty();
    String token = ApiTokens.generate();
    tokens.add(entry("ci", token, Scope.READ, Scope.GATE));
    tokens.add(entry("ops", ApiTokens.generate(), Scope.PROMOTE));

    Path file = dir.resolve("objects/config/tokens.yaml");
    String text = Files.readString(file);
    assertThat(text).contains(ApiTokens.sha256Hex(token)).doesNotContain(token).contains("principal: ci");
    List<TokenEntry> fresh = new ObjectStoreTokenStore(store).entries();
    assertThat(fresh).extracting(TokenEntry::principal).containsExactly("ci", "ops");
    assertThat(fresh.get(0).scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.GATE);
    assertThatThrownBy(() -> tokens.add(entry("again", token, Scope.READ))).hasMessageContaining("already configured");
  }

  @Test
  void readsTheFileOnlyWhenTheTtlIsOverAndTheEtagChanged() throws IOException {
    String a = ApiTokens.generate();
    store.put(ObjectStoreTokenStore.KEY, TokenFile.render(List.of(entry("a", a, Scope.READ))).getBytes(StandardCharsets.UTF_8));
    store.reset();
    assertThat(tokens.entries()).extracting(TokenEntry::principal).containsExactly("a");
    assertThat(store.stats.get()).isEqualTo(1);
    assertThat(store.opens.get()).isEqualTo(1);

    // someone replaces the file: within the TTL nobody asks the store
    store.put(ObjectStoreTokenStore.KEY, TokenFile.render(List.of(entry("b", ApiTokens.generate(), Scope.READ)))
        .getBytes(StandardCharsets.UTF_8));
    store.reset();
    for (int i = 0; i < 100; i++) {
      assertThat(tokens.entries()).extracting(TokenEntry::principal).containsExactly("a");
    }
    assertThat(store.stats.get()).isZero();
    assertThat(store.opens.get()).isZero();

    // after the TTL one stat finds a new etag, so the file is read again
    clock.advance(Duration.ofSeconds(5));
    assertThat(tokens.entries()).extracting(TokenEntry::principal).containsExactly("b");
    assertThat(store.stats.get()).isEqualTo(1);
    assertThat(store.opens.get()).isEqualTo(1);

    // unchanged file: a stat per TTL, no read
    clock.advance(Duration.ofSeconds(6));
    tokens.entries();
    assertThat(store.stats.get()).isEqualTo(2);
    assertThat(store.opens.get()).isEqualTo(1);
  }

  @Test
  void aRevokedTokenStopsWorkingWithinTheTtl() throws IOException {
    String token = ApiTokens.generate();
    tokens.add(entry("ci", token, Scope.READ));
    ApiFunction api = new ApiFunction(ApiRoutes.builder().build(), new Authenticator(tokens, clock), ApiLimits.DEFAULTS);
    HttpRequest request = HttpRequest.builder("GET", "/v1/openapi.json").header("Authorization", "Bearer " + token).build();
    assertThat(api.apply(request).status()).isEqualTo(200);

    store.put(ObjectStoreTokenStore.KEY, TokenFile.render(List.of()).getBytes(StandardCharsets.UTF_8));
    clock.advance(Duration.ofSeconds(5));
    assertThat(api.apply(request).status()).isEqualTo(401);
  }

  @Test
  void aBrokenFileRefusesEveryoneWith500AndHealsWhenFixed() throws IOException {
    String token = ApiTokens.generate();
    tokens.add(entry("ci", token, Scope.READ));
    ApiFunction api = new ApiFunction(ApiRoutes.builder().build(), new Authenticator(tokens, clock), ApiLimits.DEFAULTS);
    HttpRequest request = HttpRequest.builder("GET", "/v1/openapi.json").header("Authorization", "Bearer " + token).build();
    String good = new String(store.readAllBytes(ObjectStoreTokenStore.KEY), StandardCharsets.UTF_8);

    store.put(ObjectStoreTokenStore.KEY, good.replace("- read", "- raed").getBytes(StandardCharsets.UTF_8));
    clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> tokens.entries()).isInstanceOf(TokenFileException.class).hasMessageContaining("unknown scope 'raed'");
    HttpResponse refused = api.apply(request);
    assertThat(refused.status()).isEqualTo(500);
    assertThat(refused.bodyText()).doesNotContain("tokens.yaml").doesNotContain("raed");

    store.put(ObjectStoreTokenStore.KEY, good.getBytes(StandardCharsets.UTF_8));
    assertThat(api.apply(request).status()).isEqualTo(200);
  }

  /** A real local store that counts the calls the token store makes. */
  private static final class CountingStore extends ForwardingObjectStore {
    final AtomicInteger stats = new AtomicInteger();
    final AtomicInteger opens = new AtomicInteger();

    CountingStore(ObjectStore delegate) {
      super(delegate);
    }

    void reset() {
      stats.set(0);
      opens.set(0);
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
      stats.incrementAndGet();
      return super.stat(key);
    }

    @Override
    public InputStream open(ObjectKey key) throws IOException {
      opens.incrementAndGet();
      return super.open(key);
    }
  }
}
