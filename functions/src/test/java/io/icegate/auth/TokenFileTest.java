package io.icegate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenFileTest {
  private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final String HASH2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

  @Test
  void readsEntries() throws TokenFileException {
    List<TokenEntry> entries = TokenFile.parse("""
        # comment
        tokens:
          - principal: ci
            sha256: %s
            scopes: [read, gate]
            description: GitHub Actions
          - principal: alice@example.com
            sha256: %s
            scopes:
              - promote
              - override
            created: 2025-01-01T00:00:00Z
            expires: 2026-01-01T00:00:00Z
        """.formatted(HASH, HASH2), "config/tokens.yaml");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).principal()).isEqualTo("ci");
    assertThat(entries.get(0).scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.GATE);
    assertThat(entries.get(0).description()).isEqualTo("GitHub Actions");
    assertThat(entries.get(1).expires()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(TokenFile.parse("", "t")).isEmpty();
    assertThat(TokenFile.parse("tokens: []", "t")).isEmpty();
    assertThat(TokenFile.parse("tokens:", "t")).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithItsLineAndNoHashIsEchoed() {
    String pasted = "igt_" + "x".repeat(43);
    assertThatThrownBy(() -> TokenFile.parse("""
        tokens:
          - principal: ci
            sha256: %s
            scopes: [read, wirte]
          - principal: ci
            sha256: %s
            scopes: read
            expires: tomorrow
            colour: blue
          - sha256: %s
            scopes: [gate]
          - principal: first
            sha256: %s
            scopes: [gate]
          - principal: again
            sha256: %s
            scopes: [read]
        """.formatted(pasted, HASH, HASH2, HASH, HASH), "config/tokens.yaml"))
        .isInstanceOfSatisfying(TokenFileException.class, e -> {
          assertThat(e.problems()).containsExactly(
              "config/tokens.yaml:3:13 tokens[0].sha256: must be 64 lower-case hex digits (the SHA-256 of the token), found 47 characters",
              "config/tokens.yaml:4:20 tokens[0].scopes: unknown scope 'wirte' (scopes: read, register, gate, promote, override, feedback, scan)",
              "config/tokens.yaml:9:5 tokens[1].colour: unknown field 'colour' (fields: principal, sha256, scopes, description, created, expires)",
              "config/tokens.yaml:7:13 tokens[1].scopes: must be a list of scopes such as [read, gate], found a single value",
              "config/tokens.yaml:8:14 tokens[1].expires: must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z, found 'tomorrow'",
              "config/tokens.yaml:10:5 tokens[2].principal: required field 'principal' is missing",
              "config/tokens.yaml:15:5 tokens[4].sha256: the same token hash as tokens[3]");
          assertThat(e.getMessage()).doesNotContain(pasted).doesNotContain(HASH).doesNotContain(HASH2);
        });
    assertThatThrownBy(() -> TokenFile.parse("tokens: [", "t.yaml"))
        .isInstanceOf(TokenFileException.class).hasMessageContaining("t.yaml:1:").hasMessageContaining("YAML syntax error");
    assertThatThrownBy(() -> TokenFile.parse("- a", "t.yaml"))
        .hasMessageContaining("must be a mapping with a 'tokens' list, found a list");
  }

  @Test
  void rendersWhatItReads() throws TokenFileException {
    List<TokenEntry> entries = List.of(
        new TokenEntry("ci", HASH, EnumSet.of(Scope.GATE, Scope.READ), "CI: deploys \"main\"", Instant.parse("2025-01-01T00:00:00Z"), null),
        new TokenEntry("null", HASH2, EnumSet.noneOf(Scope.class), null, null, Instant.parse("2026-01-01T00:00:00Z")));
    String text = TokenFile.render(entries);
    assertThat(text).startsWith("# icegate API tokens.").contains("- read\n").contains("- gate\n");
    assertThat(text.indexOf("- read")).isLessThan(text.indexOf("- gate"));
    assertThat(TokenFile.parse(text, "t")).isEqualTo(entries);
  }
}
