package io.icegate.api;

import io.icegate.auth.Scope;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by handlers (and the API's own checks) to answer with a problem. Anything else a handler
 * throws becomes a 500 whose body says nothing about it.
 */
public final class ApiException extends RuntimeException {

  private final transient Problem problem;
  private final transient Map<String, String> headers;

  public ApiException(Problem problem) {
    this(problem, Map.of());
  }

  /** A problem with extra response headers, e.g. {@code Allow} on a 405. */
  public ApiException(Problem problem, Map<String, String> headers) {
    // no stack trace: this is an answer, not a failure, and handlers may throw it often
    super(problem.detail(), null, false, false);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.headers = Map.copyOf(headers);
  }

  public Problem problem() {
    return problem;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The response: the problem with its headers. */
  public HttpResponse toResponse() {
    return toResponse(problem);
  }

  /** The response for a request: the problem with its path as instance and its request id. */
  public HttpResponse toResponse(String instance, String requestId) {
    return toResponse(problem.withInstance(instance).with("requestId", requestId));
  }

  private HttpResponse toResponse(Problem problem) {
    HttpResponse response = problem.toResponse();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      response = response.withHeader(h.getKey(), h.getValue());
    }
    return response;
  }

  /** 400: the request is wrong as a whole. */
  public static ApiException badRequest(String detail) {
    return new ApiException(Problem.of(Problem.INVALID_REQUEST, "Invalid request", 400, detail));
  }

  /** 400 listing every wrong field or parameter in {@code errors}. */
  public static ApiException invalid(List<FieldProblem> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no field problems");
    }
    String detail = errors.size() == 1
        ? errors.get(0).where() + ": " + errors.get(0).detail()
        : errors.size() + " problems: " + String.join("; ", errors.stream().map(e -> e.where() + ": " + e.detail()).toList());
    return new ApiException(Problem.of(Problem.INVALID_REQUEST, "Invalid request", 400, detail).with("errors", errors));
  }

  /** 400 for one wrong body field. */
  public static ApiException invalidField(String pointer, String detail) {
    return invalid(List.of(FieldProblem.field(pointer, detail)));
  }

  /** 400 for one wrong path or query parameter. */
  public static ApiException invalidParameter(String name, String detail) {
    return invalid(List.of(FieldProblem.parameter(name, detail)));
  }

  /** 403: the caller is known but lacks {@code scope}. */
  public static ApiException forbidden(Scope scope, String principal) {
    return new ApiException(Problem.of(Problem.INSUFFICIENT_SCOPE, "Insufficient scope", 403,
            "this call needs scope '" + scope.id() + "', which the token of principal '" + principal + "' does not have")
        .with("requiredScope", scope.id()),
        Map.of("WWW-Authenticate", "Bearer realm=\"icegate\", error=\"insufficient_scope\", scope=\"" + scope.id() + "\""));
  }

  /** 404: the named thing does not exist. */
  public static ApiException notFound(String detail) {
    return new ApiException(Problem.of(404, detail));
  }

  /** 409: a compare-and-swap lost; {@code current} is the state the caller should decide on. */
  public static ApiException conflict(String detail, Object current) {
    return new ApiException(Problem.of(Problem.CONFLICT, "Conflict", 409, detail).with("current", current));
  }

  /** Any status with a detail (type {@code about:blank}). */
  public static ApiException of(int status, String detail) {
    return new ApiException(Problem.of(status, detail));
  }
}
