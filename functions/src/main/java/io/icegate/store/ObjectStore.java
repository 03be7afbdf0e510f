package io.icegate.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The object storage icegate reads uploads from and writes quarantine, config and reports to.
 *
 * <p>Implementations: local filesystem (infra), S3 and Azure Blob (their adapters' issues). Every
 * write is atomic: a reader sees the previous object or the whole new one, never a part.
 */
public interface ObjectStore {

  /** Metadata of an object, or empty when there is none at that key. */
  Optional<ObjectInfo> stat(ObjectKey key) throws IOException;

  /** Opens an object for reading; throws {@link java.nio.file.NoSuchFileException} when absent. */
  InputStream open(ObjectKey key) throws IOException;

  /** Writes the whole stream as the object at {@code key}, replacing any previous one. */
  ObjectInfo put(ObjectKey key, InputStream content) throws IOException;

  /** Copies an object within the store. */
  ObjectInfo copy(ObjectKey from, ObjectKey to) throws IOException;

  /** Deletes an object; deleting a missing object is not an error. */
  void delete(ObjectKey key) throws IOException;

  /** Objects whose key starts with {@code prefix}, in key order. */
  List<ObjectInfo> list(String prefix) throws IOException;

  /**
   * The object's file when the store keeps objects on this machine's filesystem, so a reader can
   * skip the copy; empty for remote stores. Writes never modify such a file in place.
   */
  default Optional<Path> localFile(ObjectKey key) throws IOException {
    return Optional.empty();
  }

  /** A URI naming the object for lineage, e.g. {@code file:/...} or {@code s3://bucket/key}. */
  URI uri(ObjectKey key);

  /** Writes bytes as an object. */
  default ObjectInfo put(ObjectKey key, byte[] content) throws IOException {
    return put(key, new java.io.ByteArrayInputStream(content));
  }

  /** Writes a local file as an object. */
  default ObjectInfo put(ObjectKey key, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in);
    }
  }

  /** Reads a whole (small) object. */
  default byte[] readAllBytes(ObjectKey key) throws IOException {
    try (InputStream in = open(key)) {
      return in.readAllBytes();
    }
  }

  /** Moves an object: copy, then delete the source once the copy is durable. */
  default ObjectInfo move(ObjectKey from, ObjectKey to) throws IOException {
    ObjectInfo copied = copy(from, to);
    delete(from);
    return copied;
  }
}
