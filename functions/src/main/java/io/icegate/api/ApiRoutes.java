package io.icegate.api;

import io.icegate.auth.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table of the {@code api} function: method + path template, the scope it needs and its
 * handler. Built once; matching is a scan of a few dozen templates.
 *
 * <pre>
 * ApiRoutes routes = ApiRoutes.builder()
 *     .get("/v1/models", Scope.READ, registry::listModels)
 *     .post("/v1/models/{model}/versions", Scope.REGISTER, registry::register)
 *     .build();
 * </pre>
 *
 * The builder starts with {@code GET /v1/openapi.json} (scope read), which serves
 * {@link OpenApiDocument}.
 */
public final class ApiRoutes {

  /** Path of the OpenAPI document. */
  public static final String OPENAPI_PATH = "/v1/openapi.json";

  private final List<Route> routes;
  private final Map<String, PathRule> rules;

  private ApiRoutes(List<Route> routes, Map<String, PathRule> rules) {
    this.routes = List.copyOf(routes);
    this.rules = Map.copyOf(rules);
  }

  /** A builder holding the OpenAPI route and the rules for {model}, {alias}, {version}, {decisionId} and {scanId}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every route, in registration order. */
  public List<Route> routes() {
    return routes;
  }

  /** The rule a path variable is checked against. */
  public PathRule rule(String variable) {
    return rules.get(variable);
  }

  /** The outcome of matching a request line. */
  public sealed interface Match {}

  /** A route answers it; {@code variables} are decoded but not yet checked against their rules. */
  public record Found(Route route, Map<String, String> variables) implements Match {}

  /** No template matches the path. */
  public record NotFound() implements Match {}

  /** A template matches but not with this method; {@code allowed} are the methods it has. */
  public record MethodNotAllowed(Set<String> allowed) implements Match {}

  /**
   * Matches a request. When templates overlap, the most specific (literal before variable) wins.
   *
   * @param segments the decoded path segments (the path split on '/', without the leading empty one)
   */
  public Match match(String method, List<String> segments) {
    PathTemplate best = null;
    for (Route r : routes) {
      if (r.path().match(segments) != null && (best == null || r.path().compareSpecificity(best) > 0)) {
        best = r.path();
      }
    }
    if (best == null) {
      return new NotFound();
    }
    Set<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      if (r.path().shape().equals(best.shape())) {
        if (r.method().equals(method)) {
          return new Found(r, r.path().match(segments));
        }
        allowed.add(r.method());
      }
    }
    return new MethodNotAllowed(allowed);
  }

  /** The problems of a match's variables under their rules; empty when all are valid. */
  public List<FieldProblem> check(Map<String, String> variables) {
    List<FieldProblem> problems = new ArrayList<>();
    variables.forEach((name, value) -> {
      String problem = rules.get(name).problem(value);
      if (problem != null) {
        problems.add(FieldProblem.parameter(name, problem));
      }
    });
    return problems;
  }

  /** Collects routes; {@link #build} checks the table is consistent. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, PathRule> rules = new HashMap<>(Map.of(
        "model", PathRule.NAME,
        "alias", PathRule.NAME,
        "version", PathRule.POSITIVE_INTEGER,
        "decisionId", PathRule.ID,
        "scanId", PathRule.ID));

    private Builder() {
      get(OPENAPI_PATH, Scope.READ, call -> OpenApiDocument.load().response());
    }

    /** Adds a GET route. */
    public Builder get(String path, Scope scope, Handler handler) {
      return route("GET", path, scope, handler);
    }

    /** Adds a POST route. */
    public Builder post(String path, Scope scope, Handler handler) {
      return route("POST", path, scope, handler);
    }

    /** Adds a PUT route. */
    public Builder put(String path, Scope scope, Handler handler) {
      return route("PUT", path, scope, handler);
    }

    /** Adds a DELETE route. */
    public Builder delete(String path, Scope scope, Handler handler) {
      return route("DELETE", path, scope, handler);
    }

    /** Adds a route for any method. */
    public Builder route(String method, String path, Scope scope, Handler handler) {
      routes.add(new Route(method.toUpperCase(Locale.ROOT), PathTemplate.parse(path), scope, handler));
      return this;
    }

    /** Declares (or replaces) the rule of a path variable. */
    public Builder rule(String variable, PathRule rule) {
      rules.put(variable, rule);
      return this;
    }

    /**
     * The table.
     *
     * @throws IllegalArgumentException when two routes have the same method and path shape, or a
     *     variable has no rule
     */
    public ApiRoutes build() {
      Map<String, Route> seen = new LinkedHashMap<>();
      for (Route r : routes) {
        Route first = seen.putIfAbsent(r.method() + " " + r.path().shape(), r);
        if (first != null) {
          throw new IllegalArgumentException("routes " + first + " and " + r + " answer the same requests");
        }
        for (String v : r.path().variables()) {
          if (!rules.containsKey(v)) {
            throw new IllegalArgumentException("route " + r + ": path variable {" + v
                + "} has no rule; declare one with rule(\"" + v + "\", ...)");
          }
        }
      }
      return new ApiRoutes(routes, rules);
    }
  }
}
