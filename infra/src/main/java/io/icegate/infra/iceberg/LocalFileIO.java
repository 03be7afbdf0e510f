package io.icegate.infra.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Iceberg {@link org.apache.iceberg.io.FileIO} for local files that needs no Hadoop FileSystem
 * (Iceberg ships none: {@code ResolvingFileIO} falls back to HadoopFileIO for {@code file:}).
 * Usable as {@code io-impl}.
 *
 * <p>Locations are {@code file:/abs/path}, {@code file:///abs/path} or plain absolute paths. As in
 * Iceberg's own {@code Files.localInput}, they are not percent-decoded: {@code file:/a b/x} names
 * the file {@code /a b/x}. Files keep the exact location they were asked for, so manifests record
 * the same style of location as the table metadata.
 */
public class LocalFileIO implements SupportsPrefixOperations, SupportsBulkOperations {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFileIO.class);
  private static final String SCHEME = "file:";

  private Map<String, String> properties = Map.of();

  /** For {@code io-impl}: Iceberg instantiates the class, then calls {@link #initialize}. */
  public LocalFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocalInput(location, org.apache.iceberg.Files.localInput(path(location).toFile()));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    Path path = path(location);
    return new LocalOutput(location, path, org.apache.iceberg.Files.localOutput(path.toFile()));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(path(location));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location, e);
    }
  }

  @Override
  public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
    int failed = 0;
    for (String location : locations) {
      try {
        deleteFile(location);
      } catch (RuntimeException e) {
        LOG.warn("Failed to delete {}", location, e);
        failed++;
      }
    }
    if (failed > 0) {
      throw new BulkDeletionFailureException(failed);
    }
  }

  /** Every regular file under the folder {@code prefix} (or the file itself), recursively. */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path start = path(prefix);
    String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    List<FileInfo> files = new ArrayList<>();
    walk(
        start,
        new TolerantVisitor() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              String relative = start.relativize(file).toString().replace(File.separatorChar, '/');
              String location = relative.isEmpty() ? base : base + "/" + relative;
              files.add(new FileInfo(location, attrs.size(), attrs.lastModifiedTime().toMillis()));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }

  /** Deletes the folder {@code prefix} (or the file) and everything under it. */
  @Override
  public void deletePrefix(String prefix) {
    walk(
        path(prefix),
        new TolerantVisitor() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The local path a location names; refuses other schemes, remote hosts and relative paths. */
  static Path path(String location) {
    String path = location;
    if (location.startsWith(SCHEME)) {
      path = location.substring(SCHEME.length());
      if (path.startsWith("//")) {
        int slash = path.indexOf('/', 2);
        String host = slash < 0 ? path.substring(2) : path.substring(2, slash);
        if (!host.isEmpty() && !host.equals("localhost")) {
          throw new IllegalArgumentException(
              "not a local file location (host " + host + "): " + location);
        }
        path = slash < 0 ? "/" : path.substring(slash);
      }
    }
    Path result = Path.of(path);
    if (!result.isAbsolute()) {
      throw new IllegalArgumentException(
          "LocalFileIO takes only file: locations and absolute paths: " + location);
    }
    return result;
  }

  private static void walk(Path start, TolerantVisitor visitor) {
    if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(start, visitor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + start, e);
    }
  }

  /** Skips files removed while the walk runs (concurrent deletes are normal in a warehouse). */
  private abstract static class TolerantVisitor extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      if (e instanceof NoSuchFileException) {
        return FileVisitResult.CONTINUE;
      }
      throw e;
    }
  }

  /** An input file that reports the location it was opened with. */
  private record LocalInput(String location, InputFile file) implements InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return file.newStream();
    }

    @Override
    public boolean exists() {
      return file.exists();
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /** An output file that reports its location and creates its folders safely under concurrency. */
  private record LocalOutput(String location, Path path, OutputFile file) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      createParent();
      return file.create();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      createParent();
      return file.createOrOverwrite();
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInput(location, file.toInputFile());
    }

    @Override
    public String toString() {
      return location;
    }

    // Iceberg's own check-then-mkdirs fails when two writers create the same new folder at once.
    private void createParent() {
      try {
        Files.createDirectories(path.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the folder of " + location, e);
      }
    }
  }
}
