package io.icegate.testing;

import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A store that forwards the port's own methods to another one, for tests that watch or change a
 * few of them; the defaults ({@code localFile}, {@code move}, ...) stay the interface's, so a
 * wrapped local store looks remote.
 */
public class ForwardingObjectStore implements ObjectStore {
  private final ObjectStore delegate;

  public ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public InputStream open(ObjectKey key) throws IOException {
    return delegate.open(key);
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content) throws IOException {
    return delegate.put(key, content);
  }

  @Override
  public ObjectInfo copy(ObjectKey from, ObjectKey to) throws IOException {
    return delegate.copy(from, to);
  }

  @Override
  public void delete(ObjectKey key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    return delegate.list(prefix);
  }

  @Override
  public URI uri(ObjectKey key) {
    return delegate.uri(key);
  }
}
