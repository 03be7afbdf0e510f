package io.icegate.auth;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads and writes {@code config/tokens.yaml}:
 *
 * <pre>
 * tokens:
 *   - principal: ci
 *     sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 *     scopes: [read, gate]
 *     description: GitHub Actions      # optional
 *     created: 2025-01-31T10:00:00Z    # optional
 *     expires: 2026-01-31T00:00:00Z    # optional
 * </pre>
 *
 * Every problem is reported with its line; a file with any problem is refused as a whole, so a typo
 * never half-applies (for example a scope list silently shortened).
 */
public final class TokenFile {

  /** Written at the top of the file: people open it to revoke tokens. */
  static final String HEADER = """
      # icegate API tokens. Only the SHA-256 of each token is kept: the token itself was shown once
      # when it was created (icegate tokens add). Delete an entry to revoke its token.
      """;

  private static final int MAX_CODE_POINTS = 1024 * 1024;
  private static final List<String> FIELDS = List.of("principal", "sha256", "scopes", "description", "created", "expires");

  private TokenFile() {}

  /** The entries of a token file; an empty document has none. */
  public static List<TokenEntry> parse(String yaml, String source) throws TokenFileException {
    List<String> problems = new ArrayList<>();
    Optional<Node> root = compose(yaml, source, problems);
    List<TokenEntry> entries = new ArrayList<>();
    if (root.isPresent()) {
      readRoot(root.get(), source, problems, entries);
    }
    if (!problems.isEmpty()) {
      throw new TokenFileException(source, problems);
    }
    return entries;
  }

  /** The file text for {@code entries}, with a header saying what the file is. */
  public static String render(List<TokenEntry> entries) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (TokenEntry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("principal", e.principal());
      m.put("sha256", e.sha256());
      m.put("scopes", Arrays.stream(Scope.values()).filter(e.scopes()::contains).map(Scope::id).toList());
      if (e.description() != null) {
        m.put("description", e.description());
      }
      if (e.created() != null) {
        m.put("created", e.created().toString());
      }
      if (e.expires() != null) {
        m.put("expires", e.expires().toString());
      }
      list.add(m);
    }
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
        .setIndicatorIndent(2).setIndentWithIndicator(true).build();
    return HEADER + new Dump(settings).dumpToString(Map.of("tokens", list));
  }

  private static Optional<Node> compose(String yaml, String source, List<String> problems) {
    LoadSettings settings = LoadSettings.builder()
        .setLabel(source)
        .setSchema(new CoreSchema())
        .setCodePointLimit(MAX_CODE_POINTS)
        .setMaxAliasesForCollections(0)
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(false)
        .build();
    try {
      return new Compose(settings).composeString(yaml);
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      problems.add(source + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
          + " YAML syntax error: " + e.getProblem());
    } catch (YamlEngineException e) {
      problems.add(source + " YAML refused: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static void readRoot(Node root, String source, List<String> problems, List<TokenEntry> entries) {
    Reader r = new Reader(source, problems);
    if (!(root instanceof MappingNode mapping)) {
      r.problem(root, "", "must be a mapping with a 'tokens' list, found " + describe(root));
      return;
    }
    Map<String, Node> top = r.fields(mapping, "", List.of("tokens"));
    Node tokens = top.get("tokens");
    if (tokens == null || isNull(tokens)) {
      return;
    }
    if (!(tokens instanceof SequenceNode sequence)) {
      r.problem(tokens, "tokens", "must be a list of token entries, found " + describe(tokens));
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      String path = "tokens[" + i + "]";
      TokenEntry entry = r.entry(items.get(i), path);
      if (entry != null) {
        Integer first = seen.putIfAbsent(entry.sha256(), i);
        if (first != null) {
          r.problem(items.get(i), path + ".sha256", "the same token hash as tokens[" + first + "]");
        } else {
          entries.add(entry);
        }
      }
    }
  }

  /** Reads nodes into values, adding a problem (and returning null) for each bad one. */
  private record Reader(String source, List<String> problems) {

    TokenEntry entry(Node node, String path) {
      if (!(node instanceof MappingNode mapping)) {
        problem(node, path, "must be a mapping (principal, sha256, scopes), found " + describe(node));
        return null;
      }
      int before = problems.size();
      Map<String, Node> f = fields(mapping, path, FIELDS);
      String principal = requiredText(f, mapping, path, "principal");
      if (principal != null && Principal.nameProblem(principal) != null) {
        problem(f.get("principal"), path + ".principal", Principal.nameProblem(principal));
      }
      String sha256 = requiredText(f, mapping, path, "sha256");
      if (sha256 != null && !TokenEntry.SHA256_HEX.matcher(sha256).matches()) {
        // the value is not echoed: it may be a token pasted by mistake
        problem(f.get("sha256"), path + ".sha256", "must be 64 lower-case hex digits (the SHA-256 of the token), found "
            + sha256.length() + " characters");
      }
      Set<Scope> scopes = scopes(f.get("scopes"), mapping, path + ".scopes");
      String description = text(f.get("description"), path + ".description");
      Instant created = instant(f.get("created"), path + ".created");
      Instant expires = instant(f.get("expires"), path + ".expires");
      return problems.size() > before ? null
          : new TokenEntry(principal, sha256, scopes, description, created, expires);
    }

    Map<String, Node> fields(MappingNode mapping, String path, List<String> known) {
      Map<String, Node> fields = new LinkedHashMap<>();
      for (NodeTuple t : mapping.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
        String at = path.isEmpty() ? key : path + "." + key;
        if (!known.contains(key)) {
          problem(t.getKeyNode(), at, "unknown field '" + key + "' (fields: " + String.join(", ", known) + ")");
        } else if (fields.putIfAbsent(key, t.getValueNode()) != null) {
          problem(t.getKeyNode(), at, "duplicate field '" + key + "'");
        }
      }
      return fields;
    }

    String requiredText(Map<String, Node> f, Node owner, String path, String key) {
      Node node = f.get(key);
      if (node == null || isNull(node)) {
        problem(owner, path + "." + key, "required field '" + key + "' is missing");
        return null;
      }
      return text(node, path + "." + key);
    }

    String text(Node node, String path) {
      if (node == null || isNull(node)) {
        return null;
      }
      if (node instanceof ScalarNode s) {
        return s.getValue();
      }
      problem(node, path, "must be a single value, found " + describe(node));
      return null;
    }

    Set<Scope> scopes(Node node, Node owner, String path) {
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      if (node == null || isNull(node)) {
        problem(owner, path, "required field 'scopes' is missing (scopes: " + Scope.ids() + ")");
        return scopes;
      }
      if (!(node instanceof SequenceNode list)) {
        problem(node, path, "must be a list of scopes such as [read, gate], found " + describe(node));
        return scopes;
      }
      for (Node item : list.getValue()) {
        String id = text(item, path);
        if (id != null) {
          Scope.parse(id).ifPresentOrElse(scopes::add,
              () -> problem(item, path, "unknown scope '" + id + "' (scopes: " + Scope.ids() + ")"));
        }
      }
      return scopes;
    }

    Instant instant(Node node, String path) {
      String text = text(node, path);
      if (text == null) {
        return null;
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        problem(node, path, "must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z, found '" + text + "'");
        return null;
      }
    }

    void problem(Node at, String path, String message) {
      Mark mark = at.getStartMark().orElse(null);
      problems.add(source + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
          + (path.isEmpty() ? "" : " " + path) + ": " + message);
    }
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull(node) ? "nothing" : "a single value";
  }
}
