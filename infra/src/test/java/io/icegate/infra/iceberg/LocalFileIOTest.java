package io.icegate.infra.iceberg;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalFileIOTest {

  @TempDir Path dir;

  private final LocalFileIO io = new LocalFileIO();

  @Test
  void mapsFileLocationsAndAbsolutePaths() {
    assertThat(LocalFileIO.path("file:/w/t/a.parquet")).isEqualTo(Path.of("/w/t/a.parquet"));
    assertThat(LocalFileIO.path("file:///w/t/a.parquet")).isEqualTo(Path.of("/w/t/a.parquet"));
    assertThat(LocalFileIO.path("file://localhost/w/a")).isEqualTo(Path.of("/w/a"));
    assertThat(LocalFileIO.path("/w/t/a.parquet")).isEqualTo(Path.of("/w/t/a.parquet"));
    assertThat(LocalFileIO.path("file:/w/a%20b")).isEqualTo(Path.of("/w/a%20b"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"s3://bucket/key", "relative/path", "file:relative", "file://server/share/x"})
  void refusesNonLocalLocations(String location) {
    assertThatThrownBy(() -> io.newInputFile(location))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesCreatingFoldersAndReadsBackKeepingTheLocation() throws IOException {
    String location = "file:" + dir.resolve("ware house/ns/t/data/a.bin");

    OutputFile out = io.newOutputFile(location);
    try (PositionOutputStream stream = out.create()) {
      stream.write("hello".getBytes(UTF_8));
      assertThat(stream.getPos()).isEqualTo(5);
    }

    assertThat(dir.resolve("ware house/ns/t/data/a.bin")).hasContent("hello");
    assertThat(out.location()).isEqualTo(location);
    assertThat(out.toInputFile().location()).isEqualTo(location);
    InputFile in = io.newInputFile(location);
    assertThat(in.location()).isEqualTo(location);
    assertThat(in.toString()).isEqualTo(location);
    assertThat(in.exists()).isTrue();
    assertThat(in.getLength()).isEqualTo(5);
    try (SeekableInputStream stream = in.newStream()) {
      stream.seek(1);
      assertThat(new String(stream.readAllBytes(), UTF_8)).isEqualTo("ello");
    }
  }

  @Test
  void createRefusesAnExistingFileAndCreateOrOverwriteReplacesIt() throws IOException {
    String location = dir.resolve("m.json").toString();
    write(location, "v1");

    assertThatThrownBy(() -> io.newOutputFile(location).create())
        .isInstanceOf(AlreadyExistsException.class);
    try (PositionOutputStream stream = io.newOutputFile(location).createOrOverwrite()) {
      stream.write("v2".getBytes(UTF_8));
    }
    assertThat(dir.resolve("m.json")).hasContent("v2");
  }

  @Test
  void concurrentWritersCreateTheSameNewFolder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String location = "file:" + dir.resolve("new/folder/f" + i);
        writes.add(
            pool.submit(
                () -> {
                  write(location, "x");
                  return null;
                }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (var files = Files.list(dir.resolve("new/folder"))) {
      assertThat(files).hasSize(32);
    }
  }

  @Test
  void deleteFileRemovesAndIgnoresMissing() throws IOException {
    String location = "file:" + dir.resolve("a.parquet");
    write(location, "x");

    io.deleteFile(location);
    io.deleteFile(location);

    assertThat(io.newInputFile(location).exists()).isFalse();
  }

  @Test
  void listPrefixWalksTheFolderInTheCallersLocationStyle() throws IOException {
    String table = "file://" + dir.resolve("ns/t");
    write(table + "/data/a.parquet", "aa");
    write(table + "/metadata/v1.json", "mmm");
    write("file:" + dir.resolve("ns/t2/data/b.parquet"), "b");

    List<FileInfo> files = list(table + "/");

    assertThat(files)
        .extracting(FileInfo::location)
        .containsExactlyInAnyOrder(table + "/data/a.parquet", table + "/metadata/v1.json");
    assertThat(files).extracting(FileInfo::size).containsExactlyInAnyOrder(2L, 3L);
    assertThat(files).allSatisfy(f -> assertThat(f.createdAtMillis()).isPositive());
    assertThat(list(table + "/data/a.parquet"))
        .extracting(FileInfo::location)
        .containsExactly(table + "/data/a.parquet");
    assertThat(list("file:" + dir.resolve("missing"))).isEmpty();
  }

  @Test
  void deletePrefixRemovesTheFolderAndEverythingUnderIt() throws IOException {
    String table = "file:" + dir.resolve("ns/t");
    write(table + "/data/a.parquet", "a");
    write(table + "/metadata/v1.json", "m");
    write("file:" + dir.resolve("ns/t2/keep.parquet"), "k");

    io.deletePrefix(table);
    io.deletePrefix(table);

    assertThat(dir.resolve("ns/t")).doesNotExist();
    assertThat(dir.resolve("ns/t2/keep.parquet")).exists();
  }

  @Test
  void deleteFilesDeletesWhatItCanAndCountsFailures() throws IOException {
    String a = "file:" + dir.resolve("a");
    String b = "file:" + dir.resolve("b");
    write(a, "a");
    write(b, "b");
    write("file:" + dir.resolve("folder/c"), "c");

    assertThatThrownBy(
            () -> io.deleteFiles(List.of(a, "file:" + dir.resolve("folder"), "s3://x/y", b)))
        .isInstanceOfSatisfying(
            BulkDeletionFailureException.class,
            e -> assertThat(e.numberFailedObjects()).isEqualTo(2));
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void loadsAsIoImplAndSurvivesSerialization() throws Exception {
    FileIO loaded = CatalogUtil.loadFileIO(LocalFileIO.class.getName(), Map.of("k", "v"), null);
    assertThat(loaded).isInstanceOf(LocalFileIO.class);
    assertThat(loaded.properties()).containsEntry("k", "v");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(loaded);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(((FileIO) in.readObject()).properties()).containsEntry("k", "v");
    }
  }

  private List<FileInfo> list(String prefix) {
    return StreamSupport.stream(io.listPrefix(prefix).spliterator(), false).toList();
  }

  private void write(String location, String content) throws IOException {
    try (PositionOutputStream stream = io.newOutputFile(location).create()) {
      stream.write(content.getBytes(UTF_8));
    }
  }
}
