package io.icegate.api;

/** Answers one route. Throw {@link ApiException} for a 4xx; anything else thrown is a 500. */
@FunctionalInterface
public interface Handler {

  /** The response to an authenticated, authorized call whose path variables are valid. */
  HttpResponse handle(ApiCall call) throws Exception;
}
