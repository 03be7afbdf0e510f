package io.icegate.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what DuckDB's CSV reader cannot be trusted with on hostile input: the header (RFC 4180,
 * no sniffing, bounded length, encoding checked) and, after the fact, the physical line on which a
 * record starts. DuckDB numbers records, not lines, so a quoted newline shifts its numbers.
 */
final class CsvText {

  private CsvText() {}

  /** The header's names, or why there is no usable header. */
  record Header(List<String> names, String problem) {
    static Header problem(String p) {
      return new Header(List.of(), p);
    }
  }

  /** Reads the first record as the header. */
  static Header header(Path file, int maxLineBytes) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      in.mark(4);
      int b0 = in.read();
      int b1 = in.read();
      int b2 = in.read();
      int b3 = in.read();
      if (b0 == 0xfe && b1 == 0xff || b0 == 0xff && b1 == 0xfe) {
        return Header.problem("file is UTF-16 encoded (byte order mark " + hex(b0) + " " + hex(b1)
            + "); icegate reads UTF-8 CSV");
      }
      if (b0 == 0 && b1 == 0 && b2 == 0xfe && b3 == 0xff) {
        return Header.problem("file is UTF-32 encoded; icegate reads UTF-8 CSV");
      }
      in.reset();
      if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) {
        in.skipNBytes(3); // the UTF-8 byte order mark is not part of the first name
      }
      ByteArrayOutputStream record = new ByteArrayOutputStream();
      boolean quoted = false;
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '"') {
          quoted = !quoted;
        } else if (c == '\n' && !quoted) {
          break;
        }
        if (record.size() >= maxLineBytes) {
          return Header.problem("header line is longer than " + maxLineBytes + " bytes");
        }
        record.write(c);
      }
      if (quoted) {
        return Header.problem("header has an unterminated quote");
      }
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(record.toByteArray())).toString();
      } catch (CharacterCodingException e) {
        return Header.problem("header is not valid UTF-8");
      }
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (text.isBlank()) {
        return onlyWhitespace(in, c) ? Header.problem("empty file: no header and no rows")
            : Header.problem("first line is blank: the header must be on line 1");
      }
      return new Header(fields(text), null);
    }
  }

  private static boolean onlyWhitespace(InputStream in, int last) throws IOException {
    if (last < 0) {
      return true;
    }
    for (int c; (c = in.read()) >= 0; ) {
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  /** Splits one record into fields: comma separated, double quotes, "" inside quotes. */
  static List<String> fields(String record) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < record.length(); i++) {
      char ch = record.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(ch);
      }
    }
    out.add(f.toString());
    return out;
  }

  /**
   * Physical start lines of records, by DuckDB's numbering: record 1 is the header and every
   * line break outside quotes ends a record, blank lines included.
   *
   * @param malformedRecords DuckDB record numbers of malformed records (they hold no row)
   * @param wantedRows 0-based indexes of rows (records that are neither header, blank nor
   *     malformed) whose line is wanted
   * @param rows the number of rows DuckDB read; when the scan disagrees, nothing is returned
   */
  static Lines lines(Path file, Set<Long> malformedRecords, Set<Long> wantedRows, long rows) throws IOException {
    Map<Long, Long> malformed = new HashMap<>();
    Map<Long, Long> wanted = new HashMap<>();
    long line = 1;
    long record = 1;
    long recordLine = 1;
    long row = 0;
    boolean quoted = false;
    boolean blank = true;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      for (int c; ; ) {
        c = in.read();
        if (c < 0 || c == '\n' && !quoted) {
          if (c < 0 && blank) {
            break; // no record after the last line break
          }
          if (record > 1 && !blank) {
            if (malformedRecords.contains(record)) {
              malformed.put(record, recordLine);
            } else {
              if (wantedRows.contains(row)) {
                wanted.put(row, recordLine);
              }
              row++;
            }
          } else if (malformedRecords.contains(record)) {
            malformed.put(record, recordLine);
          }
          if (c < 0) {
            break;
          }
          line++;
          record++;
          recordLine = line;
          blank = true;
          continue;
        }
        if (c == '\n') {
          line++;
        } else if (c == '"') {
          quoted = !quoted;
          blank = false;
        } else if (c != '\r') {
          blank = false;
        }
      }
    }
    return row == rows ? new Lines(malformed, wanted) : new Lines(Map.of(), Map.of());
  }

  /**
   * Lines found by {@link #lines}; both maps are empty when the scan and DuckDB disagree.
   *
   * @param malformedRecords DuckDB record number -> physical line
   * @param rows row index -> physical line
   */
  record Lines(Map<Long, Long> malformedRecords, Map<Long, Long> rows) {}

  private static String hex(int b) {
    return String.format("%02X", b);
  }
}
