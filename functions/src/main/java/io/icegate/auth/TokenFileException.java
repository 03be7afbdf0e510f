package io.icegate.auth;

import java.io.IOException;
import java.util.List;

/** The token file does not parse; each problem names its line and field. Holds no hash or token. */
public final class TokenFileException extends IOException {
  private final List<String> problems;

  public TokenFileException(String source, List<String> problems) {
    super(source + " is invalid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "): "
        + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, e.g. {@code config/tokens.yaml:4:13 tokens[0].scopes: unknown scope 'wirte'}. */
  public List<String> problems() {
    return problems;
  }
}
