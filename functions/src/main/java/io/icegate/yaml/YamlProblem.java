package io.icegate.yaml;

/**
 * One thing wrong with a YAML document (a contract, a policy), located so the author can jump to it.
 *
 * @param line 1-based line in the file, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when unknown
 * @param path where in the document's structure, e.g. {@code schema[0].properties[2].logicalType};
 *     empty for the document itself
 * @param message what is wrong, in the author's terms
 */
public record YamlProblem(int line, int column, String path, String message) {

  /** The problem as one line, e.g. {@code trips.yaml:12:7 schema[0].logicalType: unknown ...}. */
  public String describe(String source) {
    StringBuilder s = new StringBuilder(source);
    if (line > 0) {
      s.append(':').append(line);
      if (column > 0) {
        s.append(':').append(column);
      }
    }
    s.append(' ');
    if (!path.isEmpty()) {
      s.append(path).append(": ");
    }
    return s.append(message).toString();
  }
}
