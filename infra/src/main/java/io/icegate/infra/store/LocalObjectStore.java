package io.icegate.infra.store;

import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectKey.InvalidKeyException;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ObjectStore} on a local folder, for the embedded runtime and tests.
 *
 * <p>Writes go to a temp file under {@code <root>/.tmp/} (same filesystem), are fsynced and then
 * renamed over the key with {@code ATOMIC_MOVE}, so readers and {@link #list} see the previous
 * object or the whole new one. Every key is resolved and checked to stay under the root, also
 * through symbolic links. Folders left empty by a delete are removed, except the root and the
 * top-level folders ({@code landing/}, ...) that a watcher may be registered on. A key cannot name
 * both an object and a folder ({@code a} and {@code a/b}); symbolic links are not listed.
 */
public final class LocalObjectStore implements ObjectStore {

  /** Folder under the root holding writes in progress; never listed, never a key. */
  public static final String TMP = ".tmp";

  private static final int MOVE_ATTEMPTS = 10;

  private final Path root;
  private final Path tmp;

  /** Partial writes older than this were left by a process that died; no live write takes that long. */
  private static final Duration ABANDONED = Duration.ofHours(6);

  /** Opens (creating if needed) a store rooted at {@code root}. */
  public LocalObjectStore(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
    this.tmp = Files.createDirectories(this.root.resolve(TMP));
    removeAbandonedParts();
  }

  private void removeAbandonedParts() throws IOException {
    Instant cutoff = Instant.now().minus(ABANDONED);
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp)) {
      for (Path part : parts) {
        if (Files.getLastModifiedTime(part, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(part);
        }
      }
    }
  }

  /** The real path of the root folder. */
  public Path root() {
    return root;
  }

  @Override
  public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
    Path file = resolve(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      return attrs.isRegularFile() ? Optional.of(info(key, attrs)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The object's file; objects are only ever replaced by rename, so a hard link to it pins its content. */
  @Override
  public Optional<Path> localFile(ObjectKey key) throws IOException {
    Path file = resolve(key);
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
  }

  @Override
  public InputStream open(ObjectKey key) throws IOException {
    Path file = resolve(key);
    if (Files.isDirectory(file)) {
      throw new NoSuchFileException(key.value(), null, "a folder, not an object");
    }
    return Files.newInputStream(file);
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content) throws IOException {
    Path target = resolve(key);
    Path part = Files.createTempFile(tmp, "put-", ".part");
    BasicFileAttributes written;
    try {
      try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
        content.transferTo(Channels.newOutputStream(channel));
        channel.force(true);
      }
      written = Files.readAttributes(part, BasicFileAttributes.class); // a rename keeps them
      moveIntoPlace(part, target);
    } finally {
      Files.deleteIfExists(part);
    }
    syncFolder(target.getParent());
    return info(key, written);
  }

  @Override
  public ObjectInfo copy(ObjectKey from, ObjectKey to) throws IOException {
    try (InputStream in = open(from)) {
      return put(to, in);
    }
  }

  /** A rename: atomic, and no bytes are copied (uploads of gigabytes move to archive/ this way). */
  @Override
  public ObjectInfo move(ObjectKey from, ObjectKey to) throws IOException {
    Path source = resolve(from);
    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(from.value());
    }
    Path target = resolve(to);
    moveIntoPlace(source, target);
    syncFolder(target.getParent());
    removeEmptyFolders(source.getParent());
    return stat(to).orElseThrow(() -> new NoSuchFileException(to.value()));
  }

  @Override
  public void delete(ObjectKey key) throws IOException {
    Path file = resolve(key);
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.deleteIfExists(file);
    removeEmptyFolders(file.getParent());
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : resolve(ObjectKey.of(prefix.substring(0, slash)));
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<ObjectInfo> found = new ArrayList<>();
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return dir.equals(tmp) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = keyOf(file);
            if (attrs.isRegularFile()
                && name.startsWith(prefix)
                && ObjectKey.problem(name) == null) {
              found.add(info(ObjectKey.of(name), attrs));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // deleted while we walked
            }
            throw e;
          }
        });
    found.sort(Comparator.comparing(ObjectInfo::key));
    return found;
  }

  @Override
  public URI uri(ObjectKey key) {
    return lexical(key).toUri();
  }

  /**
   * A cheap token for the content version: size, last-modified nanos and the file identity (inode)
   * in hex. Not a content hash: it changes on every put, even of equal bytes.
   */
  static String etag(BasicFileAttributes attrs) {
    String etag =
        Long.toHexString(attrs.size())
            + "-"
            + Long.toHexString(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    Object identity = attrs.fileKey();
    return identity == null ? etag : etag + "-" + Integer.toHexString(identity.hashCode());
  }

  private ObjectInfo info(ObjectKey key, BasicFileAttributes attrs) {
    return new ObjectInfo(key, attrs.size(), etag(attrs), attrs.lastModifiedTime().toInstant());
  }

  /**
   * Renames into place; retries when a concurrent delete removed a folder on the way, before the
   * rename (NoSuchFile) or inside createDirectories, between its failed mkdir and its check that
   * the folder is there (FileAlreadyExists).
   */
  private static void moveIntoPlace(Path part, Path target) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(target.getParent());
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        if (attempt == MOVE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Removes folders a delete left empty, except the root and top-level ones watchers hold. */
  private void removeEmptyFolders(Path folder) throws IOException {
    int topLevel = root.getNameCount() + 1;
    for (Path dir = folder;
        dir.startsWith(root) && dir.getNameCount() > topLevel;
        dir = dir.getParent()) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      }
    }
  }

  /** Makes a rename durable; some platforms (Windows) cannot open a folder, where this is moot. */
  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // The rename is atomic either way; only its durability across a power cut is at stake.
    }
  }

  /**
   * Resolves a key and checks that the deepest part of it that exists really lies under the root,
   * so a symbolic link cannot lead outside the store.
   */
  private Path resolve(ObjectKey key) throws IOException {
    Path path = lexical(key);
    for (Path part = path; !part.equals(root); part = part.getParent()) {
      Optional<Path> real = realPath(part);
      if (real.isPresent()) {
        if (!real.get().startsWith(root)) {
          throw new AccessDeniedException(key.value(), null, "resolves outside the store root");
        }
        return path;
      }
    }
    return path;
  }

  private static Optional<Path> realPath(Path path) throws IOException {
    try {
      return Optional.of(path.toRealPath());
    } catch (NoSuchFileException e) {
      return Optional.empty(); // not there (yet, or any more): its parent decides
    }
  }

  private Path lexical(ObjectKey key) {
    if (key.value().equals(TMP) || key.value().startsWith(TMP + "/")) {
      throw new InvalidKeyException(
          key.value(), "'" + TMP + "/' is reserved for writes in progress");
    }
    Path path = root.resolve(key.value()).normalize();
    if (!path.startsWith(root)) {
      throw new InvalidKeyException(key.value(), "resolves outside the store root");
    }
    return path;
  }

  private String keyOf(Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }
}
