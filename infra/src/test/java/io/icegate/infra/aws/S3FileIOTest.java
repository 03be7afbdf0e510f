package io.icegate.infra.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Iceberg's S3FileIO as AwsIcegate configures it (endpoint, path style, static keys), against
 * s3proxy: what icegate's commits, readers and maintenance rely on.
 */
class S3FileIOTest {

  static S3Server server;
  String bucket;
  FileIO io;

  @BeforeAll
  static void start() throws Exception {
    server = S3Server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void open() {
    bucket = server.newBucket();
    Map<String, String> env = new HashMap<>(server.env());
    env.put(AwsIcegate.BUCKET, bucket);
    env.put(AwsIcegate.CATALOG_TYPE, "glue");
    AwsSettings settings = AwsSettings.from(env);
    Map<String, String> props = AwsIcegate.catalogProperties(settings, Optional.empty(), AwsIcegate.credentials(env));
    io = CatalogUtil.loadFileIO(props.get(CatalogProperties.FILE_IO_IMPL), props, null);
  }

  @AfterEach
  void close() {
    io.close();
  }

  String location(String key) {
    return "s3://" + bucket + "/warehouse/" + key;
  }

  void write(String location, String content) throws IOException {
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(content.getBytes(UTF_8));
      assertThat(out.getPos()).isEqualTo(content.length());
    }
  }

  @Test
  void writesReadsSeeksAndKnowsLengths() throws IOException {
    assertThat(io).isInstanceOf(S3FileIO.class);
    String location = location("datasets.db/trips/data/00000-0-a b.parquet");
    write(location, "hello, iceberg");

    InputFile in = io.newInputFile(location);
    assertThat(in.exists()).isTrue();
    assertThat(in.getLength()).isEqualTo(14);
    try (SeekableInputStream s = in.newStream()) {
      s.seek(7);
      assertThat(new String(s.readAllBytes(), UTF_8)).isEqualTo("iceberg");
    }
    assertThat(io.newInputFile(location("missing.json")).exists()).isFalse();
    try (var s3 = server.client()) {
      assertThat(s3.headObject(b -> b.bucket(bucket).key("warehouse/datasets.db/trips/data/00000-0-a b.parquet"))
          .contentLength()).isEqualTo(14);
    }
  }

  @Test
  void listsAndDeletesByPrefixAsMaintenanceDoes() throws IOException {
    for (String k : List.of("t/metadata/v1.metadata.json", "t/data/a.parquet", "t/data/b.parquet", "u/data/c.parquet")) {
      write(location(k), k);
    }
    S3FileIO s3 = (S3FileIO) io;

    List<String> listed = StreamSupport.stream(s3.listPrefix(location("t/data/")).spliterator(), false)
        .map(FileInfo::location).sorted().toList();
    assertThat(listed).containsExactly(location("t/data/a.parquet"), location("t/data/b.parquet"));

    s3.deleteFiles(listed);
    io.deleteFile(location("t/metadata/v1.metadata.json"));

    assertThat(StreamSupport.stream(s3.listPrefix(location("")).spliterator(), false).map(FileInfo::location))
        .containsExactly(location("u/data/c.parquet"));
  }
}
