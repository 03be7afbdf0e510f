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

  /** The limits of contracts and policies. */
  public static final Limits CONFIG = new Limits(MAX_CODE_POINTS, MAX_ALIASES);

  /**
   * How much one kind of document may hold.
   *
   * @param maxCodePoints longest document, in code points
   * @param maxAliases most aliases of lists and mappings
   */
  public record Limits(int maxCodePoints, int maxAliases) {

    /** The message for a document over {@link #maxCodePoints}, e.g. {@code the contract is larger than 5 MB}. */
    public String tooLarge(String name) {
      return name + " is larger than " + maxCodePoints / (1024 * 1024) + " MB";
    }
  }

  private YamlDocs() {}

  /**
   * The root node, or empty with a problem for syntax errors, oversized input and an empty document.
   *
   * @param name the document in messages, e.g. {@code the contract}
   * @param expected what the document should be, for the empty-document message
   */
  public static Optional<Node> compose(
      String yaml, String sourceName, String name, String expected, Problems problems) {
    int before = problems.count();
    Optional<Node> root = composeMaybeEmpty(yaml, sourceName, name, CONFIG, problems);
    if (root.isEmpty() && problems.count() == before) {
      problems.add(0, 0, "", "the document is empty; expected " + expected);
    }
    return root;
  }

  /**
   * The root node; empty without a problem for an empty document (one of only comments), and empty
   * with a problem for syntax errors and input over {@code limits}.
   */
  public static Optional<Node> composeMaybeEmpty(
      String yaml, String sourceName, String name, Limits limits, Problems problems) {
    if (yaml.length() > limits.maxCodePoints()) {
      problems.add(0, 0, "", limits.tooLarge(name));
      return Optional.empty();
    }
    LoadSettings settings = LoadSettings.builder()
        .setLabel(sourceName)
        .setSchema(new CoreSchema())
        .setCodePointLimit(limits.maxCodePoints())
        .setMaxAliasesForCollections(limits.maxAliases())
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(false)
        .build();
    try {
      return new Compose(settings).composeString(yaml);
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
}
