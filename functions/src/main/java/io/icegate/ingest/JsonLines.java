package io.icegate.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Splits a JSON-lines upload into well-formed objects, each tagged with its line number for
 * DuckDB, and malformed lines with their reasons. DuckDB's own reader would skip or fail on a bad
 * line without saying which; here every line is accounted for.
 */
final class JsonLines {

  /** The column carrying the source line number through DuckDB. */
  static final String LINE_COLUMN = "__icegate_line";

  /** Result of a split: counts, and the keys seen across all objects in first-seen order. */
  record Split(long objects, long malformed, Set<String> keys, Map<String, Long> reasons) {}

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final int MAX_KEYS = 10_000;

  private final int maxLineBytes;

  JsonLines(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads {@code input}; writes good objects to {@code clean} and malformed lines (as JSON lines
   * with line, reasons and a prefix of the raw text) to {@code malformed}.
   */
  Split split(Path input, Path clean, Path malformed) throws IOException {
    long objects = 0;
    long bad = 0;
    Set<String> keys = new LinkedHashSet<>();
    Map<String, Long> reasons = new LinkedHashMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16);
        OutputStream good = new BufferedOutputStream(Files.newOutputStream(clean), 1 << 16);
        OutputStream rej = new BufferedOutputStream(Files.newOutputStream(malformed), 1 << 16)) {
      LineReader lines = new LineReader(in, maxLineBytes);
      for (long lineNo = 1; lines.next(); lineNo++) {
        byte[] line = lines.bytes();
        int start = lineNo == 1 ? skipBom(line, lines.length()) : 0;
        start = skipSpace(line, start, lines.length());
        if (lines.tooLong()) {
          String reason = "line longer than " + maxLineBytes + " bytes";
          writeMalformed(rej, lineNo, reason, line, start);
          reasons.merge(reason, 1L, Long::sum);
          bad++;
          continue;
        }
        if (start == lines.length()) {
          continue; // blank lines separate nothing in JSON lines
        }
        String problem = null;
        String kind = null;
        JsonNode node = null;
        try {
          node = MAPPER.readTree(line, start, lines.length() - start);
          if (node == null || !node.isObject()) {
            problem = "not a JSON object";
          } else if (node.has(LINE_COLUMN)) {
            problem = "uses the reserved key " + LINE_COLUMN;
          }
        } catch (JsonProcessingException e) {
          problem = "malformed JSON: " + jsonProblem(e);
          kind = "malformed JSON";
        }
        if (problem != null) {
          writeMalformed(rej, lineNo, problem, line, start);
          reasons.merge(kind == null ? problem : kind, 1L, Long::sum);
          bad++;
          continue;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext() && keys.size() < MAX_KEYS; ) {
          keys.add(it.next());
        }
        good.write(("{\"" + LINE_COLUMN + "\":" + lineNo).getBytes(StandardCharsets.US_ASCII));
        if (node.isEmpty()) {
          good.write('}');
        } else {
          good.write(',');
          // the original text after its opening brace keeps the values exactly as uploaded
          good.write(line, start + 1, lines.length() - start - 1);
        }
        good.write('\n');
        objects++;
      }
    }
    return new Split(objects, bad, keys, reasons);
  }

  private static void writeMalformed(OutputStream out, long line, String reason, byte[] raw, int start)
      throws IOException {
    String text = new String(raw, start, Math.min(raw.length - start, 1000), StandardCharsets.UTF_8);
    var node = MAPPER.createObjectNode();
    node.put("line", line);
    node.putArray("reasons").add(reason);
    node.put("raw", text);
    out.write(MAPPER.writeValueAsBytes(node));
    out.write('\n');
  }

  private static int skipBom(byte[] b, int len) {
    return len >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf ? 3 : 0;
  }

  private static int skipSpace(byte[] b, int i, int len) {
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** Jackson's own words without its advice on parser features, plus the column. */
  private static String jsonProblem(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
    if (m.contains("ALLOW_NON_NUMERIC_NUMBERS") || m.contains("Non-standard token")) {
      m = "NaN and Infinity are not valid JSON numbers";
    }
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return e.getLocation() == null ? m : m + " (column " + e.getLocation().getColumnNr() + ")";
  }

  /** Reads '\n'-terminated lines as bytes, keeping at most {@code max} bytes of each. */
  private static final class LineReader {
    private final InputStream in;
    private final int max;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private byte[] bytes = new byte[0];
    private boolean tooLong;

    LineReader(InputStream in, int max) {
      this.in = in;
      this.max = max;
    }

    boolean next() throws IOException {
      buf.reset();
      tooLong = false;
      int c;
      boolean any = false;
      while ((c = in.read()) >= 0) {
        any = true;
        if (c == '\n') {
          break;
        }
        if (buf.size() < max) {
          buf.write(c);
        } else {
          tooLong = true;
        }
      }
      bytes = buf.toByteArray();
      return any;
    }

    byte[] bytes() {
      return bytes;
    }

    int length() {
      return bytes.length;
    }

    boolean tooLong() {
      return tooLong;
    }
  }
}
