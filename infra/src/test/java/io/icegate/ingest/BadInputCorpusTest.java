package io.icegate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ingests every upload of the bad-input corpus through the real embedded stack (local object
 * store, SQLite Iceberg catalog, DuckDB) and checks the outcome the manifest
 * {@code corpus/manifest.csv} expects: status, exact row accounting, the words of the reason,
 * and what must and must not become visible. Adding a case is one manifest line (plus its file
 * under {@code corpus/bad/}, or a generator below for inputs too big to commit).
 */
class BadInputCorpusTest {

  static final String MANIFEST = "/corpus/manifest.csv";
  static final String CORPUS = "/corpus/bad/";
  static final int MIB = 1 << 20;

  /** Generated inputs, made once per run and shared by the cases. */
  @TempDir static Path generated;

  private static final Map<String, Path> GENERATED = new ConcurrentHashMap<>();

  @TempDir Path home;

  /** One manifest line. */
  record Case(
      String name, String source, String key, String contract, IngestStatus status, long[] rows,
      List<String> reasons, List<String> rejected, String expect) {

    @Override
    public String toString() {
      return name;
    }

    String fileName() {
      return source.startsWith("gen:") ? source.substring(4) : source;
    }

    String dataset() {
      if (!key.startsWith(IngestFunction.LANDING)) {
        return null;
      }
      String rest = key.substring(IngestFunction.LANDING.length());
      int slash = rest.indexOf('/');
      return slash > 0 ? rest.substring(0, slash) : null;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    List<String> lines;
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(MANIFEST)) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    List<String> header = null;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> cells = CsvText.fields(line);
      if (header == null) {
        header = cells;
        continue;
      }
      if (cells.size() > header.size()) { // the last column is free text and may hold commas
        String last = String.join(",", cells.subList(header.size() - 1, cells.size()));
        cells = new ArrayList<>(cells.subList(0, header.size() - 1));
        cells.add(last);
      }
      Map<String, String> c = new java.util.HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        c.put(header.get(i), i < cells.size() ? cells.get(i).strip() : "");
      }
      String source = c.get("source");
      String key = c.get("key").isEmpty()
          ? "landing/trips/" + (source.startsWith("gen:") ? source.substring(4) : source)
          : unescape(c.get("key"));
      long[] rows = c.get("rows").isEmpty() ? null
          : Stream.of(c.get("rows").split("/")).mapToLong(Long::parseLong).toArray();
      out.add(new Case(c.get("case"), source, key, c.get("contract"),
          IngestStatus.valueOf(c.get("status").toUpperCase(Locale.ROOT)), rows, fragments(c.get("reasons")),
          fragments(c.get("rejected")), c.get("expect")));
    }
    assertThat(out.stream().map(Case::name).distinct().count()).as("case names are unique").isEqualTo(out.size());
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void corpusCase(Case c) throws Exception {
    Path content = c.source.isEmpty() ? null : source(c);
    try (IngestFixture f = new IngestFixture(home)) {
      ObjectStore store = f.icegate.store();
      if (!c.contract.isEmpty()) {
        f.putContract(c.dataset(), c.contract);
      }
      boolean landed = content != null && ObjectKey.problem(c.key) == null;
      if (landed) {
        store.put(ObjectKey.of(c.key), content);
      }
      String sha = content == null ? null : sha256(content);

      IngestReport r = f.ingest.apply(ObjectCreated.of(c.key));

      SoftAssertions soft = new SoftAssertions();
      String context = c.name + " (expect: " + c.expect + ")\nactual: " + describe(r);
      soft.assertThat(r.status()).as("status of " + context).isEqualTo(c.status);
      soft.assertThat(r.rowsIn()).as("rowsIn == rowsAccepted + rowsRejected for " + context)
          .isEqualTo(r.rowsAccepted() + r.rowsRejected());

      String said = Stream.concat(r.reasons().stream(), r.rejectedByReason().keySet().stream())
          .collect(Collectors.joining("\n")).toLowerCase(Locale.ROOT);
      for (String fragment : c.reasons) {
        if (fragment.startsWith("!")) {
          soft.assertThat(said).as("reasons must not say '" + fragment.substring(1) + "' for " + context)
              .doesNotContain(fragment.substring(1).toLowerCase(Locale.ROOT));
        } else {
          soft.assertThat(said).as("reasons must say '" + fragment + "' for " + context)
              .contains(fragment.toLowerCase(Locale.ROOT));
        }
      }
      soft.assertThat(said).as("reasons name no internal error for " + context).doesNotContain("internal error");
      soft.assertThat(said).as("reasons leak no server-side staging path for " + context)
          .doesNotContain(home.toString().toLowerCase(Locale.ROOT));
      if (c.status != IngestStatus.COMMITTED) {
        soft.assertThat(r.reasons()).as("an upload that is not committed says why: " + context).isNotEmpty();
      }

      String rejected = "";
      if (r.quarantine() != null) {
        ObjectKey rk = ObjectKey.of(r.quarantine() + "rejected.jsonl");
        if (store.stat(rk).isPresent()) {
          rejected = new String(store.readAllBytes(rk), StandardCharsets.UTF_8);
        }
      }
      System.out.println("[corpus] " + c.name + ": " + describe(r) + (rejected.isEmpty() ? ""
          : "\n  rejected.jsonl: " + rejected.substring(0, Math.min(rejected.length(), 400)).replace("\n", "\n  ")));
      if (c.rows != null) {
        soft.assertThat(new long[] {r.rowsIn(), r.rowsAccepted(), r.rowsRejected()})
            .as("rowsIn/rowsAccepted/rowsRejected for " + context)
            .containsExactly(c.rows[0], c.rows[1], c.rows[2]);
        if (c.rows.length > 3) {
          soft.assertThat(rejected.lines().count()).as("records in rejected.jsonl for " + context)
              .isEqualTo(c.rows[3]);
        }
      }
      for (String fragment : c.rejected) {
        if (fragment.startsWith("!")) {
          soft.assertThat(rejected).as("rejected.jsonl must not hold '" + fragment.substring(1) + "' for " + context)
              .doesNotContain(fragment.substring(1));
        } else {
          soft.assertThat(rejected).as("rejected.jsonl must hold '" + fragment + "' for " + context)
              .contains(fragment);
        }
      }

      Optional<Table> table = c.dataset() == null || !c.dataset().matches("[A-Za-z0-9_-]+")
          ? Optional.empty() : f.icegate.tables().dataset(c.dataset());
      switch (r.status()) {
        case QUARANTINED -> {
          soft.assertThat(r.snapshotId()).as("no snapshot id for " + context).isNull();
          soft.assertThat(r.rowsAccepted()).as("nothing accepted for " + context).isZero();
          table.ifPresent(t -> soft.assertThat(t.currentSnapshot()).as("no snapshot for " + context).isNull());
          soft.assertThat(r.quarantine()).as("quarantine folder for " + context)
              .startsWith("quarantine/" + r.dataset() + "/");
          ObjectKey original = ObjectKey.of(r.quarantine() + "original/" + ObjectKey.of(c.key).fileName());
          soft.assertThat(store.stat(original)).as("original kept in quarantine for " + context).isPresent();
          if (store.stat(original).isPresent()) {
            soft.assertThat(sha256(store, original)).as("quarantined original has the same bytes for " + context)
                .isEqualTo(sha);
          }
          ObjectKey reportKey = ObjectKey.of(r.quarantine() + "report.json");
          soft.assertThat(store.stat(reportKey)).as("report.json for " + context).isPresent();
          if (store.stat(reportKey).isPresent()) {
            JsonNode report = Json.MAPPER.readTree(store.readAllBytes(reportKey));
            soft.assertThat(report.path("status").asText()).as("report.json status for " + context)
                .isEqualTo("quarantined");
            soft.assertThat(report.path("batchId").asText()).isEqualTo(r.batchId());
            soft.assertThat(report.path("rowsIn").asLong()).as("report.json rowsIn").isEqualTo(r.rowsIn());
            soft.assertThat(report.path("rowsRejected").asLong()).as("report.json rowsRejected")
                .isEqualTo(r.rowsRejected());
            soft.assertThat(report.path("reasons").size()).as("report.json reasons").isEqualTo(r.reasons().size());
          }
          soft.assertThat(store.stat(ObjectKey.of(c.key))).as("landing is emptied for " + context).isEmpty();
        }
        case COMMITTED -> {
          soft.assertThat(table).as("table exists for " + context).isPresent();
          if (table.isPresent()) {
            Table t = table.get();
            soft.assertThat(t.currentSnapshot()).as("snapshot for " + context).isNotNull();
            if (t.currentSnapshot() != null) {
              soft.assertThat(t.currentSnapshot().snapshotId()).isEqualTo(r.snapshotId());
            }
            List<Record> rows = IngestFixture.rows(t);
            soft.assertThat((long) rows.size()).as("rows visible for " + context).isEqualTo(r.rowsAccepted());
            for (Record row : rows) {
              for (int i = 0; i < row.size(); i++) {
                if (row.get(i) instanceof CharSequence s) {
                  soft.assertThat(s.toString()).as("committed value of " + context)
                      .doesNotContain("\r").doesNotContain("\uFEFF");
                }
              }
            }
          }
          soft.assertThat(r.archive()).as("archive for " + context).isNotNull();
          if (r.archive() != null) {
            soft.assertThat(sha256(store, ObjectKey.of(r.archive()))).as("archived original unchanged").isEqualTo(sha);
          }
        }
        case FAILED -> {
          soft.assertThat(r.quarantine()).as("no quarantine for " + context).isNull();
          soft.assertThat(store.list("quarantine/")).as("nothing quarantined for " + context).isEmpty();
          soft.assertThat(table.map(Table::currentSnapshot).orElse(null)).as("no snapshot for " + context).isNull();
          if (landed) {
            soft.assertThat(sha256(store, ObjectKey.of(c.key))).as("a refused object is left as it was")
                .isEqualTo(sha);
          }
        }
        case DUPLICATE -> soft.assertThat(r.duplicateOf()).isNotNull();
      }
      soft.assertThat(f.icegate.tables().dataset("trips").map(Table::currentSnapshot).orElse(null) == null
              || r.status() == IngestStatus.COMMITTED)
          .as("only a committed upload makes a trips snapshot: " + context).isTrue();
      soft.assertAll();
    }
  }

  private static String describe(IngestReport r) {
    return r.status().json() + " in/acc/rej=" + r.rowsIn() + "/" + r.rowsAccepted() + "/" + r.rowsRejected()
        + " reasons=" + r.reasons() + " rejectedByReason=" + r.rejectedByReason();
  }

  // ---------------------------------------------------------------------------------------------
  // sources

  private static Path source(Case c) throws IOException {
    if (!c.source.startsWith("gen:")) {
      try {
        var url = BadInputCorpusTest.class.getResource(CORPUS + c.source);
        assertThat(url).as("corpus file " + c.source).isNotNull();
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    String name = c.fileName();
    return GENERATED.computeIfAbsent(name, n -> {
      try {
        Path file = generated.resolve(n);
        generate(n, file);
        return file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static final String HEADER = "trip_id,pickup_ts,passenger_count,fare,payment\n";
  static final String ROW = ",2026-11-27T07:00:00Z,1,12.5,card\n";

  /** Inputs too big to commit. */
  private static void generate(String name, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      switch (name) {
        case "ten-mb-single-line.csv" -> {
          // records separated by ';' instead of a newline: 10 MB and not one line break
          byte[] rec = ("t1,2026-11-27T07:00:00Z,1,12.5,card;").getBytes(StandardCharsets.US_ASCII);
          for (long n = 0; n < 10L * MIB; n += rec.length) {
            out.write(rec);
          }
        }
        case "long-field.csv" -> {
          out.write((HEADER + "t1" + ROW).getBytes(StandardCharsets.US_ASCII));
          out.write('t');
          writeRepeated(out, 'x', 9L * MIB);
          out.write(ROW.getBytes(StandardCharsets.US_ASCII));
          out.write(("t3" + ROW).getBytes(StandardCharsets.US_ASCII));
        }
        case "long-json-line.jsonl" -> {
          String obj = "{\"trip_id\":\"%s\",\"pickup_ts\":\"2026-11-27T07:00:00Z\",\"fare\":1.5,\"payment\":\"cash\"}\n";
          out.write(String.format(obj, "j1").getBytes(StandardCharsets.US_ASCII));
          out.write("{\"trip_id\":\"j2\",\"note\":\"".getBytes(StandardCharsets.US_ASCII));
          writeRepeated(out, 'x', 9L * MIB);
          out.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
          out.write(String.format(obj, "j3").getBytes(StandardCharsets.US_ASCII));
        }
        case "large-one-bad-row-at-end.csv" -> {
          out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 300_000; i++) {
            out.write(("big-" + i + ROW).getBytes(StandardCharsets.US_ASCII));
          }
          out.write("bad-last,2026-11-27T07:00:00Z,12,12.5,card\n".getBytes(StandardCharsets.US_ASCII));
        }
        case "gzip-bomb.csv.gz" -> {
          try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(HEADER.getBytes(StandardCharsets.US_ASCII));
            writeRepeated(gz, 0, 200L * MIB);
          }
        }
        default -> throw new IllegalArgumentException("no generator for " + name);
      }
    }
  }

  private static void writeRepeated(OutputStream out, int b, long n) throws IOException {
    byte[] buf = new byte[1 << 16];
    java.util.Arrays.fill(buf, (byte) b);
    for (long left = n; left > 0; left -= buf.length) {
      out.write(buf, 0, (int) Math.min(buf.length, left));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  private static String sha256(ObjectStore store, ObjectKey key) throws IOException {
    try (InputStream in = store.open(key)) {
      return sha256(in);
    }
  }

  private static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream d = new DigestInputStream(in, md)) {
        d.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> fragments(String cell) {
    return cell.isEmpty() ? List.of() : Stream.of(cell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Decodes {@code \\uXXXX} escapes; other backslashes stay as they are. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (s.startsWith("\\u", i) && i + 6 <= s.length() && s.substring(i + 2, i + 6).matches("[0-9A-Fa-f]{4}")) {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(s.charAt(i));
      }
    }
    return b.toString();
  }
}
