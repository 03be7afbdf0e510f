package io.icegate.infra.aws;

import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} on one S3 bucket, optionally under a key prefix (several installs can
 * share a bucket). Keys are relative to the prefix; URIs are {@code s3://bucket/prefix/key}.
 *
 * <p>Atomicity comes from S3 itself: a single PUT, or a multipart upload, becomes visible only
 * once complete, so readers see the previous object or the whole new one. Streams of unknown
 * length are buffered one part at a time ({@value #PART_SIZE} bytes): small objects take one PUT,
 * larger ones a multipart upload that is aborted when the stream fails. Copies run server-side
 * (single CopyObject, so up to 5 GiB, S3's limit for it).
 */
public final class S3ObjectStore implements ObjectStore {

  /** Part size of multipart uploads, and the largest object written with a single PUT. */
  static final int PART_SIZE = 8 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int listPageSize;

  /**
   * @param s3 the client (its endpoint, region and credentials decide where this is)
   * @param bucket the bucket
   * @param prefix key prefix, empty for the bucket's root; a trailing '/' is added when missing
   */
  public S3ObjectStore(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, 1000);
  }

  /** With a smaller listing page than S3's 1000 keys, so tests cross pages with few objects. */
  S3ObjectStore(S3Client s3, String bucket, String prefix, int listPageSize) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket is required");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = normalizePrefix(prefix);
    this.listPageSize = listPageSize;
  }

  /** The prefix as stored: empty, or a valid key path ending in '/'. */
  static String normalizePrefix(String prefix) {
    if (prefix == null) {
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
    ObjectKey.of(p); // refuses '..', '//', control characters
    return p + "/";
  }

  public String bucket() {
    return bucket;
  }

  /** The key prefix, empty or ending in '/'. */
  public String prefix() {
    return prefix;
  }

  @Override
  public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(s3Key(key)));
      return Optional.of(new ObjectInfo(key, head.contentLength(), etag(head.eTag()), head.lastModified()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) { // HEAD has no body, so S3 cannot say NoSuchKey
        return Optional.empty();
      }
      throw io("stat", key, e);
    } catch (SdkException e) {
      throw io("stat", key, e);
    }
  }

  @Override
  public InputStream open(ObjectKey key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(s3Key(key)));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri(key).toString());
    } catch (SdkException e) {
      throw io("open", key, e);
    }
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content) throws IOException {
    byte[] first = readPart(content);
    if (first.length < PART_SIZE) {
      try {
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(s3Key(key)), RequestBody.fromBytes(first));
        return new ObjectInfo(key, first.length, etag(put.eTag()), serverTime(put.sdkHttpResponse()));
      } catch (SdkException e) {
        throw io("put", key, e);
      }
    }
    return putMultipart(key, first, content);
  }

  private ObjectInfo putMultipart(ObjectKey key, byte[] first, InputStream content) throws IOException {
    String s3Key = s3Key(key);
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(s3Key)).uploadId();
    } catch (SdkException e) {
      throw io("put", key, e);
    }
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long size = 0;
      byte[] part = first;
      for (int number = 1; part.length > 0; number++) {
        int n = number;
        String partTag = s3.uploadPart(b -> b.bucket(bucket).key(s3Key).uploadId(uploadId).partNumber(n),
            RequestBody.fromBytes(part)).eTag();
        parts.add(CompletedPart.builder().partNumber(n).eTag(partTag).build());
        size += part.length;
        part = part.length < PART_SIZE ? new byte[0] : readPart(content);
      }
      var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(s3Key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
      completed = true;
      return new ObjectInfo(key, size, etag(done.eTag()), serverTime(done.sdkHttpResponse()));
    } catch (SdkException e) {
      throw io("put", key, e);
    } finally {
      if (!completed) {
        abort(s3Key, uploadId);
      }
    }
  }

  /** Frees the parts of a failed upload; a lifecycle rule on incomplete uploads is the backstop. */
  private void abort(String s3Key, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(s3Key).uploadId(uploadId));
    } catch (SdkException e) {
      // the upload never became an object; the bucket's abort-incomplete-upload rule removes the parts
    }
  }

  /** Reads up to one part; shorter only at the end of the stream. */
  private static byte[] readPart(InputStream in) throws IOException {
    return in.readNBytes(PART_SIZE);
  }

  @Override
  public ObjectInfo copy(ObjectKey from, ObjectKey to) throws IOException {
    // The source's head gives the size; copying only that version (if-match) keeps size and copy consistent.
    HeadObjectResponse source;
    try {
      source = s3.headObject(b -> b.bucket(bucket).key(s3Key(from)));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri(from).toString());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(uri(from).toString());
      }
      throw io("copy", from, e);
    } catch (SdkException e) {
      throw io("copy", from, e);
    }
    try {
      CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(s3Key(from))
          .copySourceIfMatch(source.eTag()).destinationBucket(bucket).destinationKey(s3Key(to)));
      return new ObjectInfo(to, source.contentLength(), etag(copied.copyObjectResult().eTag()),
          copied.copyObjectResult().lastModified());
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri(from).toString());
    } catch (SdkException e) {
      throw io("copy", from, e);
    }
  }

  @Override
  public void delete(ObjectKey key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(s3Key(key))); // S3 answers 204 for a missing key too
    } catch (SdkException e) {
      throw io("delete", key, e);
    }
  }

  @Override
  public List<ObjectInfo> list(String keyPrefix) throws IOException {
    List<ObjectInfo> found = new ArrayList<>();
    try {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix).maxKeys(listPageSize)).contents()) {
        String name = o.key().substring(prefix.length());
        // folder markers ("a/") and keys icegate would refuse ("a//b") are not objects of this store
        if (ObjectKey.problem(name) == null) {
          found.add(new ObjectInfo(ObjectKey.of(name), o.size(), etag(o.eTag()), o.lastModified()));
        }
      }
    } catch (SdkException e) {
      throw new IOException("cannot list s3://" + bucket + "/" + prefix + keyPrefix + ": " + e.getMessage(), e);
    }
    // S3 lists in UTF-8 byte order; keys compare as Java strings (UTF-16), which differs past U+FFFF
    found.sort(Comparator.comparing(ObjectInfo::key));
    return found;
  }

  @Override
  public URI uri(ObjectKey key) {
    try {
      return new URI("s3", bucket, "/" + s3Key(key), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bucket '" + bucket + "' cannot form a URI", e);
    }
  }

  private String s3Key(ObjectKey key) {
    return prefix + key.value();
  }

  /** S3 quotes ETags ({@code "abc"}); the store hands out the bare token. */
  static String etag(String quoted) {
    if (quoted == null) {
      return null;
    }
    return quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")
        ? quoted.substring(1, quoted.length() - 1) : quoted;
  }

  /** The response's Date header: the server's clock, like Last-Modified; the local clock if absent. */
  private static Instant serverTime(SdkHttpResponse response) {
    return response.firstMatchingHeader("Date")
        .map(d -> {
          try {
            return ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          } catch (RuntimeException e) {
            return null;
          }
        })
        .orElseGet(Instant::now);
  }

  private IOException io(String op, ObjectKey key, SdkException e) {
    if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
      InterruptedIOException interrupted = new InterruptedIOException(op + " " + uri(key) + " interrupted");
      interrupted.initCause(e);
      return interrupted;
    }
    String why = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
        ? s3e.awsErrorDetails().errorCode() + " (" + s3e.statusCode() + ")"
        : e instanceof SdkClientException ? e.getMessage() : e.getClass().getSimpleName();
    return new IOException("cannot " + op + " " + uri(key) + ": " + why, e);
  }
}
