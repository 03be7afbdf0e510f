package io.icegate.api;

import io.icegate.auth.ApiTokens;
import io.icegate.auth.Authenticator;
import io.icegate.auth.Scope;
import io.icegate.auth.TokenEntry;
import io.icegate.auth.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** An {@code api} function over the test route table with tokens made on demand. */
public final class ApiFixture {
  public final TokenStore tokens = TokenStore.inMemory(List.of());
  public final List<String> issued = new ArrayList<>();
  public ApiFunction api;

  public ApiFixture(ApiRoutes routes, ApiLimits limits) {
    this.api = new ApiFunction(routes, new Authenticator(tokens, Clock.systemUTC()), limits);
  }

  public ApiFixture() {
    this(TestRoutes.all(), ApiLimits.DEFAULTS);
  }

  /** A new token for {@code principal} with {@code scopes}. */
  public String token(String principal, Set<Scope> scopes) {
    return token(principal, scopes, null);
  }

  /** A new token that expires at {@code expires}. */
  public String token(String principal, Set<Scope> scopes, Instant expires) {
    String token = ApiTokens.generate();
    try {
      tokens.add(new TokenEntry(principal, ApiTokens.sha256Hex(token), scopes, null, Instant.now(), expires));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    issued.add(token);
    return token;
  }

  /** A token with every scope. */
  public String admin() {
    return token("admin", EnumSet.allOf(Scope.class));
  }

  /** Calls the function with a bearer token. */
  public HttpResponse call(String method, String path, String token, String json) {
    HttpRequest.Builder b = HttpRequest.builder(method, path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
    if (path.contains("?")) {
      b.rawQuery(path.substring(path.indexOf('?') + 1));
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.json(json);
    }
    return api.apply(b.build());
  }
}
