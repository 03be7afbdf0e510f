package io.icegate.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Token entries held in memory. */
final class InMemoryTokenStore implements TokenStore {
  private final List<TokenEntry> entries;

  InMemoryTokenStore(List<TokenEntry> entries) {
    this.entries = new CopyOnWriteArrayList<>(entries);
  }

  @Override
  public List<TokenEntry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public synchronized void add(TokenEntry entry) {
    if (entries.stream().anyMatch(e -> e.sha256().equals(entry.sha256()))) {
      throw new IllegalArgumentException("this token is already configured");
    }
    entries.add(entry);
  }
}
