package io.icegate.auth;

import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.yaml.YamlDocs;
import io.icegate.yaml.YamlMap;
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
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

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

  /** A token file is small and needs no anchors: refusing them keeps every entry spelled out. */
  private static final YamlDocs.Limits LIMITS = new YamlDocs.Limits(1024 * 1024, 0);
  private static final List<String> FIELDS = List.of("principal", "sha256", "scopes", "description", "created", "expires");

  private TokenFile() {}

  /** The entries of a token file; an empty document has none. */
  public static List<TokenEntry> parse(String yaml, String source) throws TokenFileException {
    Problems problems = new Problems();
    List<TokenEntry> entries = new ArrayList<>();
    YamlDocs.composeMaybeEmpty(yaml, source, "the token file", LIMITS, problems)
        .flatMap(root -> mapping(root, "", "a mapping with a 'tokens' list", problems))
        .ifPresent(top -> readTokens(top, problems, entries));
    if (problems.count() > 0) {
      // problems in the order found, so each entry's unknown fields come before its other problems
      throw new TokenFileException(source, problems.found().stream().map(p -> p.describe(source)).toList());
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

  private static void readTokens(YamlMap top, Problems problems, List<TokenEntry> entries) {
    rejectUnknown(top, List.of("tokens"), problems);
    Node tokens = top.get("tokens").orElse(null);
    if (tokens == null) {
      return;
    }
    if (!(tokens instanceof SequenceNode sequence)) {
      problems.add(tokens, "tokens", "must be a list of token entries, found " + shape(tokens));
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      String path = "tokens[" + i + "]";
      Optional<TokenEntry> entry = mapping(items.get(i), path, "a mapping (principal, sha256, scopes)", problems)
          .flatMap(m -> entry(m, problems));
      if (entry.isPresent()) {
        Integer first = seen.putIfAbsent(entry.get().sha256(), i);
        if (first != null) {
          problems.add(items.get(i), path + ".sha256", "the same token hash as tokens[" + first + "]");
        } else {
          entries.add(entry.get());
        }
      }
    }
  }

  /** One entry, or empty when it has a problem. */
  private static Optional<TokenEntry> entry(YamlMap m, Problems problems) {
    int before = problems.count();
    rejectUnknown(m, FIELDS, problems);
    String principal = m.requiredText("principal");
    if (principal != null && Principal.nameProblem(principal) != null) {
      problems.add(m.raw("principal"), m.path("principal"), Principal.nameProblem(principal));
    }
    String sha256 = m.requiredText("sha256");
    if (sha256 != null && !TokenEntry.SHA256_HEX.matcher(sha256).matches()) {
      // the value is not echoed: it may be a token pasted by mistake
      problems.add(m.raw("sha256"), m.path("sha256"), "must be 64 lower-case hex digits (the SHA-256 of the token), found "
          + sha256.length() + " characters");
    }
    Set<Scope> scopes = scopes(m, problems);
    String description = m.text("description");
    Instant created = instant(m, "created", problems);
    Instant expires = instant(m, "expires", problems);
    return problems.count() > before ? Optional.empty()
        : Optional.of(new TokenEntry(principal, sha256, scopes, description, created, expires));
  }

  private static Set<Scope> scopes(YamlMap m, Problems problems) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    String path = m.path("scopes");
    Node node = m.get("scopes").orElse(null);
    if (node == null) {
      problems.add(m.node(), path, "required field 'scopes' is missing (scopes: " + Scope.ids() + ")");
    } else if (!(node instanceof SequenceNode list)) {
      problems.add(node, path, "must be a list of scopes such as [read, gate], found " + shape(node));
    } else {
      for (Node item : list.getValue()) {
        String id = Nodes.text(item, path, problems);
        if (id != null) {
          Scope.parse(id).ifPresentOrElse(scopes::add,
              () -> problems.add(item, path, "unknown scope '" + id + "' (scopes: " + Scope.ids() + ")"));
        }
      }
    }
    return scopes;
  }

  private static Instant instant(YamlMap m, String key, Problems problems) {
    String text = m.text(key);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(m.raw(key), m.path(key), "must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z, found '" + text + "'");
      return null;
    }
  }

  /** The node as a mapping, or empty with a problem saying what it should be. */
  private static Optional<YamlMap> mapping(Node node, String path, String expected, Problems problems) {
    if (node instanceof MappingNode) {
      return YamlMap.of(node, path, problems);
    }
    problems.add(node, path, "must be " + expected + ", found " + shape(node));
    return Optional.empty();
  }

  /** Unknown fields, listing the known ones: the token file has few. */
  private static void rejectUnknown(YamlMap m, List<String> known, Problems problems) {
    for (String key : m.keys()) {
      if (!known.contains(key)) {
        problems.add(m.keyNode(key), m.path(key), "unknown field '" + key + "' (fields: " + String.join(", ", known) + ")");
      }
    }
  }

  /** Like {@link Nodes#describe} but never echoes a value: it may be a token pasted by mistake. */
  private static String shape(Node node) {
    return node instanceof ScalarNode && !Nodes.isNull(node) ? "a single value" : Nodes.describe(node);
  }
}
