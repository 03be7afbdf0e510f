package io.icegate.infra.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} on an Azure Blob container, optionally under a name prefix.
 *
 * <p>Objects are block blobs: an upload becomes visible only when its block list is committed, so
 * a reader sees the previous blob or the whole new one, and a failed upload leaves no trace but
 * uncommitted blocks (the service discards them after a week). ETags are the service's, without
 * the quotes, as Event Grid reports them.
 */
public final class BlobObjectStore implements ObjectStore {

  /** Blocks of 4 MiB, two in flight: bounded memory for uploads of any size. */
  private static final ParallelTransferOptions TRANSFER = new ParallelTransferOptions()
      .setBlockSizeLong(4L * 1024 * 1024)
      .setMaxSingleUploadSizeLong(4L * 1024 * 1024)
      .setMaxConcurrency(2);

  private static final int PAGE_SIZE = 1000;
  private static final Duration COPY_POLL = Duration.ofMillis(200);

  private final BlobContainerClient container;
  private final String prefix;

  /**
   * A store on {@code container}; every key is stored as {@code prefix + key}.
   *
   * @param prefix empty, or a name prefix ending in '/'
   */
  public BlobObjectStore(BlobContainerClient container, String prefix) {
    this.container = container;
    this.prefix = normalizePrefix(prefix);
  }

  /** Empty, or the prefix with exactly one trailing '/'. */
  static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isBlank()) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return "";
    }
    ObjectKey.of(p); // same rules as keys: no '..', no control characters
    return p + "/";
  }

  /** The container's name. */
  public String containerName() {
    return container.getBlobContainerName();
  }

  /** The prefix every key is stored under ({@code ""} or ending in '/'). */
  public String prefix() {
    return prefix;
  }

  @Override
  public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
    try {
      BlobProperties props = blob(key).getProperties();
      return Optional.of(info(key, props.getBlobSize(), props.getETag(), props.getLastModified().toInstant()));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw io(key, e);
    }
  }

  @Override
  public InputStream open(ObjectKey key) throws IOException {
    try {
      // fetches the properties first (404 here) and pins the ETag: a concurrent overwrite makes
      // a later range read fail instead of mixing two versions
      return new Translating(key, blob(key).openInputStream(new BlobInputStreamOptions()));
    } catch (BlobStorageException e) {
      throw io(key, e);
    }
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content) throws IOException {
    CountingStream counted = new CountingStream(content);
    try {
      var item = blob(key).uploadWithResponse(
          new BlobParallelUploadOptions(counted).setParallelTransferOptions(TRANSFER), null, null).getValue();
      return info(key, counted.count, item.getETag(), item.getLastModified().toInstant());
    } catch (BlobStorageException e) {
      throw io(key, e);
    } catch (RuntimeException e) {
      // the SDK wraps the source stream's failure (a client dying half way) in unchecked exceptions
      IOException cause = ioCause(e);
      if (cause != null) {
        throw new IOException("upload of " + key + " failed: " + cause.getMessage(), cause);
      }
      throw e;
    }
  }

  /** A server-side copy; waits until the service reports it complete. */
  @Override
  public ObjectInfo copy(ObjectKey from, ObjectKey to) throws IOException {
    BlobClient source = blob(from);
    BlobClient target = blob(to);
    try {
      SyncPoller<BlobCopyInfo, Void> poller = target.beginCopy(source.getBlobUrl(), COPY_POLL);
      BlobCopyInfo done = poller.waitForCompletion().getValue();
      if (done.getCopyStatus() != CopyStatusType.SUCCESS) {
        throw new IOException("copy of " + from + " to " + to + " ended " + done.getCopyStatus()
            + (done.getError() == null ? "" : ": " + done.getError()));
      }
      return stat(to).orElseThrow(() -> new NoSuchFileException(to.value(), null, "copied, then gone"));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        throw new NoSuchFileException(from.value(), to.value(), e.getErrorCode() + "");
      }
      throw io(from, e);
    }
  }

  @Override
  public void delete(ObjectKey key) throws IOException {
    try {
      blob(key).deleteIfExists();
    } catch (BlobStorageException e) {
      throw io(key, e);
    }
  }

  /** Every blob under the prefix, page by page; the service lists in name order. */
  @Override
  public List<ObjectInfo> list(String keyPrefix) throws IOException {
    List<ObjectInfo> found = new ArrayList<>();
    ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix + keyPrefix).setMaxResultsPerPage(PAGE_SIZE);
    try {
      for (PagedResponse<BlobItem> page : container.listBlobs(options, null).iterableByPage()) {
        for (BlobItem item : page.getValue()) {
          String name = item.getName().substring(prefix.length());
          if (Boolean.TRUE.equals(item.isPrefix()) || ObjectKey.problem(name) != null) {
            continue;
          }
          var props = item.getProperties();
          found.add(info(ObjectKey.of(name), props.getContentLength(), props.getETag(),
              props.getLastModified().toInstant()));
        }
      }
    } catch (BlobStorageException e) {
      throw new IOException("listing '" + keyPrefix + "' in " + containerName() + " failed: "
          + e.getErrorCode(), e);
    }
    // the service orders by UTF-8 bytes; keys compare as Java strings (they differ past U+FFFF)
    found.sort(Comparator.comparing(ObjectInfo::key));
    return found;
  }

  /** {@code https://<account>.blob.core.windows.net/<container>/<prefix><key>}, or Azurite's. */
  @Override
  public URI uri(ObjectKey key) {
    // the SDK's getBlobUrl() escapes '/' too; keep the path readable, as Event Grid reports it
    return URI.create(container.getBlobContainerUrl() + "/" + encodePath(prefix + key.value()));
  }

  /** Percent-encodes each '/'-separated segment as UTF-8, keeping only RFC 3986 unreserved characters. */
  static String encodePath(String name) {
    StringBuilder out = new StringBuilder(name.length() + 16);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '/' || c == '-' || c == '.' || c == '_' || c == '~'
          || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * The key a blob URL names in this store, e.g. from an Event Grid event: the URL must point into
   * this account (host and port; its {@code dfs} host counts as the {@code blob} one), container
   * and prefix; its path is percent-decoded. Empty for a URL outside the store.
   */
  public Optional<String> keyOf(URI blobUrl) {
    URI base = URI.create(container.getBlobContainerUrl());
    if (blobUrl.getHost() == null || !blobHost(blobUrl.getHost()).equalsIgnoreCase(blobHost(base.getHost()))
        || effectivePort(blobUrl) != effectivePort(base) || blobUrl.getRawPath() == null) {
      return Optional.empty();
    }
    String root = base.getPath() + "/" + prefix;
    String path = blobUrl.getPath(); // decoded
    if (!path.startsWith(root) || path.length() == root.length()) {
      return Optional.empty();
    }
    return Optional.of(path.substring(root.length()));
  }

  /** Writes through the ADLS Gen2 API report the account's dfs host: the same account and container. */
  private static String blobHost(String host) {
    return host.replaceFirst("(?i)^([^.]+)\\.dfs\\.", "$1.blob.");
  }

  private static int effectivePort(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  private BlobClient blob(ObjectKey key) {
    return container.getBlobClient(prefix + key.value());
  }

  private static ObjectInfo info(ObjectKey key, long size, String etag, Instant lastModified) {
    return new ObjectInfo(key, size, unquote(etag), lastModified);
  }

  static String unquote(String etag) {
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }

  private static IOException io(ObjectKey key, BlobStorageException e) {
    if (e.getStatusCode() == 404) {
      return new NoSuchFileException(key.value(), null, String.valueOf(e.getErrorCode()));
    }
    return new IOException(key + ": " + e.getStatusCode() + " " + e.getErrorCode(), e);
  }

  private static IOException ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  /** Counts the bytes the upload read, for {@link ObjectInfo#size()}. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  /** Turns the SDK's unchecked read failures into IOExceptions, as callers of a stream expect. */
  private static final class Translating extends FilterInputStream {
    private final ObjectKey key;

    Translating(ObjectKey key, InputStream in) {
      super(in);
      this.key = key;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (BlobStorageException e) {
        throw io(key, e);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (BlobStorageException e) {
        throw io(key, e);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }
}
