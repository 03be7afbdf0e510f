package io.icegate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

  @Test
  void headersAreCaseInsensitive() {
    HttpRequest r = HttpRequest.builder("get", "/v1/models")
        .header("Content-Type", "application/json").header("X-Multi", "a").header("x-multi", "b").build();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.header("content-type")).contains("application/json");
    assertThat(r.header("CONTENT-TYPE")).contains("application/json");
    assertThat(r.headers().all("X-MULTI")).containsExactly("a", "b");
    assertThat(r.header("missing")).isEmpty();
  }

  @Test
  void queryStringsDecodeLikeBrowsersSendThem() {
    assertThat(HttpRequest.parseQuery("version=3&tag=a+b&tag=c%2Fd&flag&=x&&e=%C3%A9")).isEqualTo(Map.of(
        "version", List.of("3"), "tag", List.of("a b", "c/d"), "flag", List.of(""), "", List.of("x"), "e", List.of("é")));
    assertThat(HttpRequest.parseQuery(null)).isEmpty();
    assertThatThrownBy(() -> HttpRequest.parseQuery("a=%E")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> HttpRequest.parseQuery("a=%FF")).hasMessageContaining("not UTF-8");
  }

  /** What an API Gateway HTTP API (payload 2.0) adapter does with its event. */
  @Test
  void buildsFromAnApiGatewayV2Event() {
    Map<String, String> headers = Map.of("authorization", "Bearer igt_x", "content-type", "application/json",
        "x-forwarded-for", "10.0.0.1, 10.0.0.2");
    String base64Body = Base64.getEncoder().encodeToString("{\"reason\":\"r\"}".getBytes(StandardCharsets.UTF_8));
    HttpRequest r = HttpRequest.builder("POST", "/v1/models/churn/aliases/production/rollback")
        .headers(headers)
        .rawQuery("dryRun=true")
        .body(Base64.getDecoder().decode(base64Body))
        .requestId("JKJaXmPLvHcESHA=")
        .build();
    assertThat(r.header("Authorization")).contains("Bearer igt_x");
    assertThat(r.header("X-Forwarded-For")).contains("10.0.0.1, 10.0.0.2");
    assertThat(r.queryParam("dryRun")).contains("true");
    assertThat(JsonBody.tree(r).get("reason").asText()).isEqualTo("r");
    assertThat(r.requestId()).isEqualTo("JKJaXmPLvHcESHA=");
  }

  @Test
  void printsNoCredentials() {
    HttpRequest r = HttpRequest.builder("GET", "/v1/models").header("Authorization", "Bearer igt_secret")
        .header("Cookie", "s=igt_cookie").header("X-Trace", "t").body("application/json", "{\"a\": 1}").build();
    assertThat(r.toString()).doesNotContain("igt_secret").doesNotContain("igt_cookie").contains("(redacted)")
        .contains("x-trace").contains("8 bytes");
    assertThat(r.withoutHeader("authorization").header("Authorization")).isEmpty();
    assertThat(r.headers().has("authorization")).isTrue();
  }
}
