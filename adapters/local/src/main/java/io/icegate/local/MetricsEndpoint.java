package io.icegate.local;

import io.icegate.api.ApiException;
import io.icegate.api.ApiFunction;
import io.icegate.api.Headers;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.api.Problem;
import io.icegate.auth.Authenticator;
import io.icegate.auth.Principal;
import io.icegate.auth.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} of {@code icegate serve}: the runtime's counters and timers in Prometheus'
 * text format, for a token with scope {@code read} (a scraper sends it as a bearer token, as
 * Prometheus' {@code authorization} setting does). Every other request goes to the api function.
 */
final class MetricsEndpoint implements Function<HttpRequest, HttpResponse> {

  static final String PATH = "/metrics";
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final Function<HttpRequest, HttpResponse> api;
  private final Authenticator authenticator;
  private final Supplier<String> scrape;

  MetricsEndpoint(Function<HttpRequest, HttpResponse> api, Authenticator authenticator, Supplier<String> scrape) {
    this.api = api;
    this.authenticator = authenticator;
    this.scrape = scrape;
  }

  @Override
  public HttpResponse apply(HttpRequest request) {
    if (!PATH.equals(request.path())) {
      return api.apply(request);
    }
    HttpResponse r = answer(request);
    return r.withHeader("X-Request-Id", request.requestId()).withHeader("Cache-Control", "no-store");
  }

  private HttpResponse answer(HttpRequest request) {
    if (!request.method().equals("GET")) {
      return Problem.of(405, request.method() + " is not allowed on " + PATH + "; allowed: GET").toResponse()
          .withHeader("Allow", "GET");
    }
    Optional<Principal> principal;
    try {
      principal = authenticator.authenticate(ApiFunction.credential(request.headers()).orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (principal.isEmpty()) {
      return ApiFunction.unauthorized().toResponse(PATH, request.requestId());
    }
    if (!principal.get().has(Scope.READ)) {
      return ApiException.forbidden(Scope.READ, principal.get().name()).toResponse(PATH, request.requestId());
    }
    return new HttpResponse(200, Headers.EMPTY.with("Content-Type", TEXT_FORMAT),
        scrape.get().getBytes(StandardCharsets.UTF_8));
  }
}
