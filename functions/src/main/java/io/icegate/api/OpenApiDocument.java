package io.icegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.icegate.auth.Scope;
import io.icegate.ingest.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The API's OpenAPI 3.1 document: written as YAML next to this class (easier to review), served as
 * JSON by {@code GET /v1/openapi.json}. {@link #differences} compares it with a route table.
 */
public final class OpenApiDocument {

  /** The resource the document is read from. */
  public static final String RESOURCE = "openapi.yaml";

  /** The operation extension naming the scope a route needs. */
  public static final String SCOPE_EXTENSION = "x-icegate-scope";

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static volatile OpenApiDocument loaded;

  private final JsonNode tree;
  private final byte[] json;

  private OpenApiDocument(JsonNode tree) {
    this.tree = tree;
    this.json = JsonBody.write(tree);
  }

  /**
   * One documented operation.
   *
   * @param method upper-case method
   * @param path the path template
   * @param scope the {@value #SCOPE_EXTENSION} value, or null when missing
   * @param pathParameters the names of its {@code in: path} parameters (path-level and operation-level)
   */
  public record Operation(String method, String path, String scope, Set<String> pathParameters) {}

  /** The bundled document (read once). */
  public static OpenApiDocument load() {
    OpenApiDocument doc = loaded;
    if (doc == null) {
      try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("resource " + RESOURCE + " is missing next to " + OpenApiDocument.class.getName());
        }
        Object yaml = new Load(LoadSettings.builder().setLabel(RESOURCE).build())
            .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        doc = new OpenApiDocument(Json.MAPPER.valueToTree(yaml));
        loaded = doc;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return doc;
  }

  /** The document as a JSON tree. */
  public JsonNode tree() {
    return tree;
  }

  /** The 200 answer of {@code GET /v1/openapi.json}. */
  public HttpResponse response() {
    return new HttpResponse(200, Headers.EMPTY.with("Content-Type", JsonBody.JSON), json.clone());
  }

  /** Every operation the document declares. */
  public List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = tree.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      Set<String> pathLevel = pathParameters(path.getValue().path("parameters"));
      for (Iterator<Map.Entry<String, JsonNode>> ms = path.getValue().fields(); ms.hasNext(); ) {
        Map.Entry<String, JsonNode> m = ms.next();
        if (METHODS.contains(m.getKey())) {
          Set<String> params = new LinkedHashSet<>(pathLevel);
          params.addAll(pathParameters(m.getValue().path("parameters")));
          JsonNode scope = m.getValue().get(SCOPE_EXTENSION);
          ops.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), path.getKey(),
              scope == null ? null : scope.asText(), params));
        }
      }
    }
    return ops;
  }

  /**
   * Where the document and a route table disagree: routes not documented, operations not routed,
   * path parameters or scopes that differ. Empty when they agree.
   */
  public List<String> differences(ApiRoutes routes) {
    List<String> differences = new ArrayList<>();
    List<Operation> ops = operations();
    for (Route r : routes.routes()) {
      Optional<Operation> op = ops.stream()
          .filter(o -> o.method().equals(r.method()) && o.path().equals(r.path().template())).findFirst();
      if (op.isEmpty()) {
        differences.add("route " + r.method() + " " + r.path() + " is not documented");
        continue;
      }
      Set<String> documented = new TreeSet<>(op.get().pathParameters());
      Set<String> routed = new TreeSet<>(r.path().variables());
      if (!documented.equals(routed)) {
        differences.add(r.method() + " " + r.path() + ": path parameters documented " + documented + ", routed " + routed);
      }
      if (!r.scope().id().equals(op.get().scope())) {
        differences.add(r.method() + " " + r.path() + ": scope documented " + op.get().scope() + ", routed " + r.scope().id());
      }
    }
    for (Operation op : ops) {
      boolean routed = routes.routes().stream()
          .anyMatch(r -> r.method().equals(op.method()) && r.path().template().equals(op.path()));
      if (!routed) {
        differences.add("documented " + op.method() + " " + op.path() + " has no route");
      }
      if (op.scope() == null || Scope.parse(op.scope()).isEmpty()) {
        differences.add("documented " + op.method() + " " + op.path() + " has no valid " + SCOPE_EXTENSION);
      }
    }
    return differences;
  }

  /** The names of {@code in: path} parameters in a parameters list, following $refs to components. */
  private Set<String> pathParameters(JsonNode parameters) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode p : parameters) {
      JsonNode param = p.has("$ref") ? resolve(p.get("$ref").asText()) : p;
      if ("path".equals(param.path("in").asText())) {
        names.add(param.path("name").asText());
      }
    }
    return names;
  }

  /** The node a local {@code $ref} ({@code #/components/...}) points at; a missing node when none. */
  public JsonNode resolve(String ref) {
    if (!ref.startsWith("#")) {
      return MissingNode.getInstance();
    }
    return tree.at(ref.substring(1));
  }
}
