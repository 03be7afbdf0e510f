package io.icegate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.auth.Scope;
import io.icegate.ingest.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the route table agree, both ways. */
class OpenApiDocumentTest {
  private final OpenApiDocument doc = OpenApiDocument.load();

  @Test
  void documentsEveryRouteAndRoutesEveryOperation() {
    ApiRoutes routes = TestRoutes.all();
    assertThat(doc.differences(routes)).isEmpty();
    assertThat(doc.operations()).hasSize(routes.routes().size()).hasSize(TestRoutes.SPECS.size());
    // the same in plain terms: method + template + scope + path parameters
    Map<String, String> documented = doc.operations().stream().collect(Collectors.toMap(
        o -> o.method() + " " + o.path(), o -> o.scope() + " " + o.pathParameters().stream().sorted().toList()));
    Map<String, String> routed = routes.routes().stream().collect(Collectors.toMap(
        r -> r.method() + " " + r.path(), r -> r.scope().id() + " " + r.path().variables().stream().sorted().toList()));
    assertThat(documented).isEqualTo(routed);
  }

  @Test
  void theCheckCatchesDifferencesBothWays() {
    ApiRoutes.Builder partial = ApiRoutes.builder()
        .get("/v1/models", Scope.REGISTER, call -> null)
        .get("/v1/models/{model}/versions/{version}", Scope.READ, call -> null)
        .get("/v1/models/{name}/aliases", Scope.READ, call -> null)
        .delete("/v1/models/{model}", Scope.PROMOTE, call -> null)
        .rule("name", PathRule.NAME);
    List<String> differences = doc.differences(partial.build());
    assertThat(differences)
        .contains("GET /v1/models: scope documented read, routed register")
        .contains("route GET /v1/models/{name}/aliases is not documented")
        .contains("route DELETE /v1/models/{model} is not documented")
        .contains("documented POST /v1/models/{model}/versions has no route")
        .contains("documented GET /v1/events has no route");
  }

  @Test
  void everyOperationIsSecuredAndDocumentsItsProblems() {
    JsonNode tree = doc.tree();
    assertThat(tree.get("openapi").asText()).startsWith("3.1.");
    assertThat(tree.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(tree.at("/security/0").has("bearer")).isTrue();
    List<String> missing = new ArrayList<>();
    tree.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (op.getKey().equals("parameters")) {
        return;
      }
      String name = op.getKey().toUpperCase() + " " + path.getKey();
      JsonNode responses = op.getValue().get("responses");
      for (String status : List.of("401", "403", "500")) {
        if (!responses.has(status)) {
          missing.add(name + " lacks " + status);
        }
      }
      if (!path.getKey().equals(ApiRoutes.OPENAPI_PATH) && !path.getKey().equals("/v1/models")
          && !path.getKey().equals("/v1/events") && !path.getKey().equals("/v1/health") && !responses.has("400")) {
        missing.add(name + " lacks 400 (its path variables are checked)");
      }
      if (op.getKey().equals("post") || op.getKey().equals("put")) {
        if (!op.getValue().at("/requestBody/content").has(JsonBody.JSON)) {
          missing.add(name + " has no JSON request body");
        }
        for (String status : List.of("400", "413", "415")) {
          if (!responses.has(status)) {
            missing.add(name + " lacks " + status);
          }
        }
      }
      if (!op.getValue().has("operationId")) {
        missing.add(name + " has no operationId");
      }
    }));
    assertThat(missing).isEmpty();
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc.tree(), refs);
    assertThat(refs).hasSizeGreaterThan(50);
    assertThat(refs).allSatisfy(ref -> assertThat(doc.resolve(ref).isMissingNode()).as(ref).isFalse());
  }

  @Test
  void isServedAsJson() throws Exception {
    HttpResponse r = doc.response();
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(Json.MAPPER.readTree(r.body())).isEqualTo(doc.tree());
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> {
        if (f.getKey().equals("$ref")) {
          refs.add(f.getValue().asText());
        } else {
          collectRefs(f.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }
}
