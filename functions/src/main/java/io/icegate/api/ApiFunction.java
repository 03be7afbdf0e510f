package io.icegate.api;

import io.icegate.observe.Correlation;
import io.icegate.auth.Authenticator;
import io.icegate.auth.Principal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code api} function: authenticates, routes and answers a platform-neutral request, with
 * every error as {@code application/problem+json}.
 *
 * <p>Order of checks: body size (413), bearer token (401, the same answer whatever was wrong), path
 * (404), method (405 with Allow), scope (403), path variables (400), then the handler (which reads
 * the body: 415, 400). Every route needs a token; unknown paths too get 401 without one, so the
 * route table is not probed anonymously.
 */
public final class ApiFunction implements Function<HttpRequest, HttpResponse> {

  /** Header carrying the request id both ways. */
  public static final String REQUEST_ID = "X-Request-Id";

  /** Header carrying the icegate bearer token where the edge uses {@code Authorization} for its own auth. */
  public static final String ICEGATE_AUTHORIZATION = "X-Icegate-Authorization";

  private static final Logger LOG = LoggerFactory.getLogger(ApiFunction.class);

  private final ApiRoutes routes;
  private final Authenticator authenticator;
  private final ApiLimits limits;

  public ApiFunction(ApiRoutes routes, Authenticator authenticator, ApiLimits limits) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public HttpResponse apply(HttpRequest request) {
    try (Correlation id = Correlation.with(Correlation.REQUEST_ID, request.requestId())) {
      return handle(request);
    }
  }

  private HttpResponse handle(HttpRequest request) {
    long started = System.nanoTime();
    Principal principal = null;
    HttpResponse response;
    try {
      if (request.body().length > limits.maxBodyBytes()) {
        throw limits.tooLarge(request.body().length);
      }
      principal = authenticate(request);
      response = route(request, principal);
      if (response == null) {
        throw new IllegalStateException("the handler of " + request.method() + " " + request.path() + " returned no response");
      }
    } catch (ApiException e) {
      response = e.toResponse(request.path(), request.requestId());
    } catch (Exception | LinkageError e) {
      // the log has the details; the body only what the caller needs to report it
      LOG.error("request {} {} {} failed", request.requestId(), request.method(), Problem.printable(request.path()), e);
      response = Problem.of(500, "an unexpected error occurred; the server log has the details under request id "
              + request.requestId())
          .withInstance(request.path()).with("requestId", request.requestId()).toResponse();
    }
    response = response.withHeader(REQUEST_ID, request.requestId())
        .withHeader("Cache-Control", "no-store")
        .withHeader("X-Content-Type-Options", "nosniff");
    LOG.info("{} {} {} -> {} in {} ms (principal {})", request.requestId(), request.method(),
        Problem.printable(request.path()), response.status(), (System.nanoTime() - started) / 1_000_000,
        principal == null ? "-" : principal.name());
    return response;
  }

  /**
   * The caller's principal: exactly one bearer token, configured and unexpired, in
   * {@value #ICEGATE_AUTHORIZATION} when the request has that header (behind an edge that uses
   * {@code Authorization} itself, such as a Function URL with AWS_IAM signatures), else in
   * {@code Authorization}.
   */
  private Principal authenticate(HttpRequest request) throws IOException {
    return authenticator.authenticate(credential(request.headers()).orElse(null))
        .orElseThrow(ApiFunction::unauthorized);
  }

  /**
   * The one credential header of a request: {@value #ICEGATE_AUTHORIZATION} when present, else
   * {@code Authorization}; empty when that header is absent or given more than once.
   */
  public static Optional<String> credential(Headers headers) {
    List<String> own = headers.all(ICEGATE_AUTHORIZATION);
    List<String> values = own.isEmpty() ? headers.all("Authorization") : own;
    return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }

  private HttpResponse route(HttpRequest request, Principal principal) throws Exception {
    ApiRoutes.Match match = routes.match(request.method(), segments(request.path()));
    if (match instanceof ApiRoutes.NotFound) {
      throw ApiException.notFound("no resource at " + Problem.printable(request.path())
          + "; the routes are listed by GET " + ApiRoutes.OPENAPI_PATH);
    }
    if (match instanceof ApiRoutes.MethodNotAllowed m) {
      String allow = String.join(", ", m.allowed());
      throw new ApiException(Problem.of(405, request.method() + " is not allowed on " + Problem.printable(request.path())
          + "; allowed: " + allow).with("allowed", List.copyOf(m.allowed())), Map.of("Allow", allow));
    }
    ApiRoutes.Found found = (ApiRoutes.Found) match;
    Route route = found.route();
    if (!principal.has(route.scope())) {
      throw ApiException.forbidden(route.scope(), principal.name());
    }
    List<FieldProblem> problems = routes.check(found.variables());
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    // handlers never see the credential, so they cannot log or echo it
    ApiCall call = new ApiCall(request.withoutHeader("Authorization").withoutHeader(ICEGATE_AUTHORIZATION), principal,
        route, found.variables());
    return route.handler().handle(call);
  }

  /** The one 401: it does not say whether the header was missing, malformed, unknown or expired. */
  /** The 401 every unauthenticated request gets, with its {@code WWW-Authenticate} challenge. */
  public static ApiException unauthorized() {
    return new ApiException(Problem.of(401, "this API needs a valid bearer token: Authorization: Bearer <token>"),
        Map.of("WWW-Authenticate", "Bearer realm=\"icegate\""));
  }

  /** The decoded segments of a raw path: {@code /v1/models/a%2Eb} is {@code [v1, models, a.b]}. */
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    if (!rawPath.startsWith("/")) {
      return segments;
    }
    for (String s : rawPath.substring(1).split("/", -1)) {
      segments.add(HttpRequest.decode(s, false));
    }
    return segments;
  }
}
