package io.icegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.auth.Principal;
import io.icegate.auth.Scope;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated call as a handler sees it: who calls, which route, its path variables (already
 * checked against their rules), the query and the request (without its Authorization header).
 */
public final class ApiCall {
  private final HttpRequest request;
  private final Principal principal;
  private final Route route;
  private final Map<String, String> variables;
  private JsonNode tree;

  ApiCall(HttpRequest request, Principal principal, Route route, Map<String, String> variables) {
    this.request = request;
    this.principal = principal;
    this.route = route;
    this.variables = Map.copyOf(variables);
  }

  /** The request, without credentials. */
  public HttpRequest request() {
    return request;
  }

  /** Who calls. */
  public Principal principal() {
    return principal;
  }

  /** The actor for the audit log: the principal's name. */
  public String actor() {
    return principal.name();
  }

  /** The request id, for the audit log and error reports. */
  public String requestId() {
    return request.requestId();
  }

  /** The route being answered. */
  public Route route() {
    return route;
  }

  /** The path variables by name. */
  public Map<String, String> pathVariables() {
    return variables;
  }

  /** A path variable of the route, e.g. {@code path("model")}. */
  public String path(String name) {
    String value = variables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route " + route + " has no path variable {" + name + "}");
    }
    return value;
  }

  /** A numeric path variable, e.g. {@code {version}} (its rule already made it a positive integer). */
  public long pathLong(String name) {
    try {
      return Long.parseLong(path(name));
    } catch (NumberFormatException e) {
      throw ApiException.invalidParameter(name, "must be an integer, found '" + Problem.printable(path(name)) + "'");
    }
  }

  /** The first value of a query parameter. */
  public Optional<String> query(String name) {
    return request.queryParam(name);
  }

  /** A positive integer query parameter such as {@code ?version=3}; a 400 when it is something else. */
  public Optional<Long> queryLong(String name) {
    Optional<String> value = query(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String problem = PathRule.POSITIVE_INTEGER.problem(value.get());
    if (problem != null) {
      throw ApiException.invalidParameter(name, problem);
    }
    return Optional.of(Long.parseLong(value.get()));
  }

  /** The JSON body as a {@code type} (see {@link JsonBody#read}). */
  public <T> T body(Class<T> type) {
    return JsonBody.read(request, type);
  }

  /** Whether the JSON body has a top-level field, even one set to null (e.g. {@code expectedVersion}). */
  public boolean bodyHas(String field) {
    return tree().has(field);
  }

  /** The JSON body as a tree. */
  public JsonNode tree() {
    if (tree == null) {
      tree = JsonBody.tree(request);
    }
    return tree;
  }

  /**
   * Refuses the call unless the principal also holds {@code scope}, e.g. {@code override} for a
   * promotion that skips the gate.
   *
   * @throws ApiException 403 naming the scope
   */
  public void require(Scope scope) {
    if (!principal.has(scope)) {
      throw ApiException.forbidden(scope, principal.name());
    }
  }
}
