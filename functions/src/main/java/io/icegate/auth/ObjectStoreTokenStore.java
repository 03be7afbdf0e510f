package io.icegate.auth;

import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token hashes in {@code config/tokens.yaml} of the object store.
 *
 * <p>Every API request authenticates, so the parsed file is cached: for {@code ttl} the cache is
 * used as is; after that one {@code stat} checks the object's etag and the file is read again only
 * when it changed. A revoked token therefore stops working within {@code ttl}.
 */
public final class ObjectStoreTokenStore implements TokenStore {

  /** Where the token file lives. */
  public static final ObjectKey KEY = ObjectKey.of("config/tokens.yaml");

  /** How long a read of the file is trusted without asking the store. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ObjectStoreTokenStore.class);

  private final ObjectStore store;
  private final Clock clock;
  private final Duration ttl;
  private Snapshot cached;

  /** A cached read: the entries, the etag they came from (null: no file), when it was checked. */
  private record Snapshot(List<TokenEntry> entries, String etag, Instant checked) {}

  public ObjectStoreTokenStore(ObjectStore store, Clock clock, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  /** A store with {@link #DEFAULT_TTL} on the system clock. */
  public ObjectStoreTokenStore(ObjectStore store) {
    this(store, Clock.systemUTC(), DEFAULT_TTL);
  }

  @Override
  public synchronized List<TokenEntry> entries() throws IOException {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.checked().plus(ttl))) {
      return cached.entries();
    }
    Optional<ObjectInfo> info = store.stat(KEY);
    String etag = info.map(ObjectInfo::etag).orElse(null);
    if (cached != null && Objects.equals(etag, cached.etag())) {
      cached = new Snapshot(cached.entries(), etag, now);
      return cached.entries();
    }
    if (info.isEmpty()) {
      LOG.warn("no API tokens are configured ({} is absent): every API request is refused; "
          + "create a token with 'icegate tokens add'", KEY);
    }
    // a broken file throws and leaves the previous cache in place: it is not trusted either, since
    // the next call reads the file again
    List<TokenEntry> entries = info.isEmpty() ? List.of() : read();
    cached = new Snapshot(entries, etag, now);
    return entries;
  }

  /**
   * Appends an entry and writes the file back. Concurrent adds from two processes can lose one
   * (the object store has no conditional write); tokens are added by people, one at a time.
   */
  @Override
  public synchronized void add(TokenEntry entry) throws IOException {
    List<TokenEntry> entries = new ArrayList<>(read());
    if (entries.stream().anyMatch(e -> e.sha256().equals(entry.sha256()))) {
      throw new IllegalArgumentException("this token is already configured");
    }
    entries.add(entry);
    ObjectInfo written = store.put(KEY, TokenFile.render(entries).getBytes(StandardCharsets.UTF_8));
    cached = new Snapshot(List.copyOf(entries), written.etag(), clock.instant());
  }

  private List<TokenEntry> read() throws IOException {
    try {
      String text = new String(store.readAllBytes(KEY), StandardCharsets.UTF_8);
      return List.copyOf(TokenFile.parse(text, KEY.value()));
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }
}
