package io.icegate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.auth.ApiTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensCommandTest {
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir.resolve("home"));
  }

  private Path tokensFile() {
    return dir.resolve("home/objects/config/tokens.yaml");
  }

  @Test
  void addPrintsTheTokenOnceAndStoresOnlyItsHash() throws IOException {
    Cli.Run run = cli().run("tokens", "add", "--principal", "ci", "--scopes", "read,gate", "--description", "GitHub Actions");
    assertThat(run.exit()).as(run.toString()).isZero();
    String token = run.out().strip();
    assertThat(token).matches("igt_[A-Za-z0-9_-]{43}");
    assertThat(run.err()).contains("token for principal ci with scopes read, gate").contains("shown once");

    String file = Files.readString(tokensFile());
    assertThat(file).contains(ApiTokens.sha256Hex(token)).doesNotContain(token).doesNotContain(token.substring(4));
    assertThat(file).contains("principal: ci").contains("description: GitHub Actions");

    Cli.Run json = cli().run("--json", "tokens", "add", "--principal", "ops@example.com", "--scopes", "promote, override",
        "--expires", "90d");
    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode created = json.json();
    assertThat(created.get("token").asText()).startsWith("igt_").isNotEqualTo(token);
    assertThat(created.get("scopes").toString()).isEqualTo("[\"promote\",\"override\"]");
    assertThat(created.get("expires").asText()).endsWith("Z");
    assertThat(json.err()).isEmpty();
  }

  @Test
  void listShowsPrincipalsAndScopesNeverHashes() throws IOException {
    assertThat(cli().run("tokens", "list").out()).contains("no tokens configured");
    String token = cli().run("tokens", "add", "--principal", "ci", "--scopes", "gate,read").out().strip();
    cli().run("tokens", "add", "--principal", "nightly", "--scopes", "register", "--expires", "2099-01-31");

    Cli.Run list = cli().run("tokens", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains("PRINCIPAL").contains("ci").contains("read, gate").contains("never")
        .contains("nightly").contains("register").contains("2099-01-31T00:00:00Z");
    String hash = ApiTokens.sha256Hex(token);
    assertThat(list.out()).doesNotContain(hash).doesNotContain(token);

    JsonNode json = cli().run("--json", "tokens", "list").json();
    assertThat(json.get("tokens")).hasSize(2);
    assertThat(json.get("tokens").get(0).get("principal").asText()).isEqualTo("ci");
    assertThat(json.get("tokens").get(0).has("sha256")).isFalse();
    assertThat(json.toString()).doesNotContain(hash);
  }

  @Test
  void refusesBadInputAsUsageErrors() {
    Cli.Run scope = cli().run("tokens", "add", "--principal", "ci", "--scopes", "read,wirte");
    assertThat(scope.exit()).isEqualTo(2);
    assertThat(scope.err()).contains("unknown scope 'wirte' (scopes: read, register, gate, promote, override, feedback, scan)");
    Cli.Run principal = cli().run("tokens", "add", "--principal", "bad name", "--scopes", "read");
    assertThat(principal.exit()).isEqualTo(2);
    assertThat(principal.err()).contains("principal must be");
    Cli.Run past = cli().run("tokens", "add", "--principal", "ci", "--scopes", "read", "--expires", "2001-01-01");
    assertThat(past.exit()).isEqualTo(2);
    assertThat(past.err()).contains("is in the past");
    Cli.Run when = cli().run("tokens", "add", "--principal", "ci", "--scopes", "read", "--expires", "soon");
    assertThat(when.exit()).isEqualTo(2);
    assertThat(when.err()).contains("'soon' is not 90d, 12h");
    assertThat(tokensFile()).doesNotExist();
  }

  @Test
  void aBrokenFileIsReportedAndNotOverwritten() throws IOException {
    Fixtures.write(tokensFile(), "tokens:\n  - principal: ci\n    scopes: [read]\n");
    Cli.Run add = cli().run("tokens", "add", "--principal", "ops", "--scopes", "read");
    assertThat(add.exit()).isEqualTo(1);
    assertThat(add.out()).isEmpty();
    assertThat(add.err()).contains("config/tokens.yaml:2:5 tokens[0].sha256: required field 'sha256' is missing")
        .contains("nothing was added");
    assertThat(Files.readString(tokensFile())).doesNotContain("ops");
    assertThat(cli().run("tokens", "list").exit()).isEqualTo(1);
  }
}
