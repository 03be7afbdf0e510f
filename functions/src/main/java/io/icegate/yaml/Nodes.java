package io.icegate.yaml;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reading of single YAML nodes. A node of the wrong shape becomes a problem and a null (or
 * empty) result, so the walk goes on and finds the next problem too.
 */
public final class Nodes {

  private Nodes() {}

  public static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  /** The text of a scalar; null for a YAML null; a problem for a list or mapping. */
  public static String text(Node node, String path, Problems problems) {
    if (node instanceof ScalarNode scalar) {
      return isNull(node) ? null : scalar.getValue();
    }
    problems.add(node, path, "must be a single value, found " + describe(node));
    return null;
  }

  /** A number written as a YAML number or as text that reads as one. */
  public static BigDecimal number(Node node, String path, Problems problems, String what) {
    if (node instanceof ScalarNode scalar && !isNull(node) && !Tag.BOOL.equals(node.getTag())) {
      try {
        return new BigDecimal(scalar.getValue());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problems.add(node, path, what + " needs a number, found " + describe(node));
    return null;
  }

  public static Integer integer(Node node, String path, Problems problems) {
    if (Tag.INT.equals(node.getTag())) {
      try {
        return Integer.valueOf(((ScalarNode) node).getValue());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problems.add(node, path, "must be a whole number, found " + describe(node));
    return null;
  }

  public static Boolean bool(Node node, String path, Problems problems) {
    if (Tag.BOOL.equals(node.getTag())) {
      return Boolean.valueOf(((ScalarNode) node).getValue().toLowerCase(Locale.ROOT));
    }
    problems.add(node, path, "must be true or false, found " + describe(node));
    return null;
  }

  /** The items of a sequence; empty for a YAML null; a problem for anything else. */
  public static List<Node> list(Node node, String path, Problems problems) {
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    if (!isNull(node)) {
      problems.add(node, path, "must be a list, found " + describe(node));
    }
    return List.of();
  }

  /** How a node looks, for messages: {@code a mapping}, {@code a list}, {@code nothing}, {@code 'x'}. */
  public static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull(node) ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }
}
