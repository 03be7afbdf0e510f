package io.icegate.yaml;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Composes small configuration documents to node trees, so every problem carries its line, with
 * limits that stop alias bombs and oversized input.
 */
public final class YamlDocs {

  /** Configuration is a few kilobytes; YAML parsing costs seconds per megabyte. */
  public static final int MAX_CODE_POINTS = 5 * 1024 * 1024;

  /** Enough for anchors that reuse a rule or two, too few for an alias bomb. */
  public static final int MAX_ALIASES = 20;

  private YamlDocs() {}

  /**
   * The root node, or empty with a problem for syntax errors, oversized input and an empty document.
   *
   * @param name the document in messages, e.g. {@code the contract}
   * @param expected what the document should be, for the empty-document message
   */
  public static Optional<Node> compose(
      String yaml, String sourceName, String name, String expected, Problems problems) {
    if (yaml.length() > MAX_CODE_POINTS) {
      problems.add(0, 0, "", tooLarge(name));
      return Optional.empty();
    }
    LoadSettings settings = LoadSettings.builder()
        .setLabel(sourceName)
        .setSchema(new CoreSchema())
        .setCodePointLimit(MAX_CODE_POINTS)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(false)
        .build();
    try {
      Optional<Node> root = new Compose(settings).composeString(yaml);
      if (root.isEmpty()) {
        problems.add(0, 0, "", "the document is empty; expected " + expected);
      }
      return root;
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      problems.add(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, "",
          "YAML syntax error: " + e.getProblem() + context);
    } catch (YamlEngineException e) {
      problems.add(0, 0, "", "YAML refused: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** The message for a document over {@link #MAX_CODE_POINTS}. */
  public static String tooLarge(String name) {
    return name + " is larger than " + MAX_CODE_POINTS / (1024 * 1024) + " MB";
  }
}
