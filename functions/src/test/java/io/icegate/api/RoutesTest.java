package io.icegate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.auth.Scope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RoutesTest {
  private static final Handler NONE = call -> HttpResponse.noContent();

  @Test
  void templatesAreLiteralsAndWholeSegmentVariables() {
    PathTemplate t = PathTemplate.parse("/v1/models/{model}/versions/{version}");
    assertThat(t.variables()).containsExactly("model", "version");
    assertThat(t.shape()).isEqualTo("/v1/models/{}/versions/{}");
    assertThat(t.match(List.of("v1", "models", "churn", "versions", "3"))).isEqualTo(Map.of("model", "churn", "version", "3"));
    assertThat(t.match(List.of("v1", "models", "churn", "versions"))).isNull();
    assertThat(t.match(List.of("v1", "models", "", "versions", "3"))).isNull();
    for (String bad : List.of("v1/models", "/v1/models/", "/v1//models", "/v1/{a}/{a}", "/v1/x{a}", "/v1/{1a}", "/")) {
      assertThatThrownBy(() -> PathTemplate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theTableRefusesAmbiguityAndUncheckedVariables() {
    assertThatThrownBy(() -> ApiRoutes.builder().get("/v1/a/{model}", Scope.READ, NONE).get("/v1/a/{alias}", Scope.READ, NONE).build())
        .hasMessageContaining("answer the same requests");
    assertThatThrownBy(() -> ApiRoutes.builder().get("/v1/a/{thing}", Scope.READ, NONE).build())
        .hasMessageContaining("path variable {thing} has no rule");
    assertThatThrownBy(() -> ApiRoutes.builder().get(ApiRoutes.OPENAPI_PATH, Scope.READ, NONE).build())
        .hasMessageContaining("answer the same requests");
  }

  @Test
  void aLiteralSegmentBeatsAVariable() {
    ApiRoutes routes = ApiRoutes.builder()
        .get("/v1/models/{model}/aliases/{alias}", Scope.READ, NONE)
        .post("/v1/models/{model}/aliases/rollback-all", Scope.PROMOTE, NONE)
        .build();
    ApiRoutes.Match literal = routes.match("POST", List.of("v1", "models", "m", "aliases", "rollback-all"));
    assertThat(literal).isInstanceOfSatisfying(ApiRoutes.Found.class,
        f -> assertThat(f.route().scope()).isEqualTo(Scope.PROMOTE));
    // GET of the literal path is not answered by the variable route: the literal one is more specific
    assertThat(routes.match("GET", List.of("v1", "models", "m", "aliases", "rollback-all")))
        .isEqualTo(new ApiRoutes.MethodNotAllowed(Set.of("POST")));
    assertThat(routes.match("GET", List.of("v1", "models", "m", "aliases", "prod"))).isInstanceOf(ApiRoutes.Found.class);
    assertThat(routes.match("GET", List.of("v1", "models"))).isInstanceOf(ApiRoutes.NotFound.class);
  }

  @Test
  void rulesCanBeAdded() {
    ApiRoutes routes = ApiRoutes.builder()
        .rule("dataset", new PathRule(Pattern.compile("[a-z]+"), "lower-case letters"))
        .get("/v1/datasets/{dataset}", Scope.READ, NONE)
        .build();
    assertThat(routes.check(Map.of("dataset", "Trips")))
        .containsExactly(FieldProblem.parameter("dataset", "must be lower-case letters, found 'Trips'"));
  }
}
