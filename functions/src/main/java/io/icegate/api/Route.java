package io.icegate.api;

import io.icegate.auth.Scope;
import java.util.Objects;

/**
 * One entry of the route table.
 *
 * @param method upper-case HTTP method
 * @param path the path template
 * @param scope the scope a token needs to call it
 * @param handler what answers it
 */
public record Route(String method, PathTemplate path, Scope scope, Handler handler) {

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(handler, "handler");
  }

  /** E.g. {@code GET /v1/models}. */
  @Override
  public String toString() {
    return method + " " + path + " (" + scope.id() + ")";
  }
}
