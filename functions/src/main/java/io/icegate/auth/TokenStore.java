package io.icegate.auth;

import java.io.IOException;
import java.util.List;

/**
 * Where token hashes are kept. The default keeps {@code config/tokens.yaml} in the object store
 * ({@link ObjectStoreTokenStore}); a platform may keep them elsewhere (a secret manager, a table).
 */
public interface TokenStore {

  /** The configured tokens; implementations cache, since every request asks. */
  List<TokenEntry> entries() throws IOException;

  /** Adds a token entry; refused when its hash is already configured. */
  void add(TokenEntry entry) throws IOException;

  /** A store in memory, e.g. for tests or tokens passed in a platform's configuration. */
  static TokenStore inMemory(List<TokenEntry> entries) {
    return new InMemoryTokenStore(entries);
  }
}
