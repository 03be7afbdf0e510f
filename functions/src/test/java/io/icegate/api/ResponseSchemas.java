package io.icegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a real response body against the schema the OpenAPI document gives for it: types,
 * required members, and no member the schema does not list (objects with {@code properties} are
 * closed unless they say {@code additionalProperties}). Covers the subset of JSON Schema the
 * document uses: $ref, type, required, properties, additionalProperties, items, oneOf, allOf.
 */
public final class ResponseSchemas {

  private final OpenApiDocument doc;

  public ResponseSchemas(OpenApiDocument doc) {
    this.doc = doc;
  }

  /** Problems of {@code body} as the response {@code status} of {@code method path}; empty when it conforms. */
  public List<String> check(String method, String path, int status, JsonNode body) {
    JsonNode schema = doc.tree().path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT))
        .path("responses").path(String.valueOf(status));
    if (schema.has("$ref")) {
      schema = doc.resolve(schema.get("$ref").asText());
    }
    schema = schema.path("content").path(status >= 400 ? "application/problem+json" : "application/json")
        .path("schema");
    List<String> problems = new ArrayList<>();
    if (schema.isMissingNode()) {
      problems.add(method + " " + path + " documents no JSON body for status " + status);
      return problems;
    }
    check(schema, body, "$", true, problems);
    return problems;
  }

  /** {@code closed}: members outside {@code properties} are problems (not so inside allOf parts). */
  private void check(JsonNode schema, JsonNode value, String at, boolean closed, List<String> problems) {
    if (schema.has("$ref")) {
      check(doc.resolve(schema.get("$ref").asText()), value, at, closed, problems);
      return;
    }
    if (schema.has("allOf")) {
      schema.get("allOf").forEach(s -> check(s, value, at, false, problems));
    }
    if (schema.has("oneOf")) {
      for (JsonNode option : schema.get("oneOf")) {
        List<String> p = new ArrayList<>();
        check(option, value, at, closed, p);
        if (p.isEmpty()) {
          return;
        }
      }
      problems.add(at + ": matches none of " + schema.get("oneOf"));
      return;
    }
    JsonNode type = schema.path("type");
    boolean typed = type.isTextual() || type.isArray();
    boolean matches = type.isTextual() ? typeMatches(type.asText(), value) : false;
    for (JsonNode t : type.isArray() ? type : com.fasterxml.jackson.databind.node.MissingNode.getInstance()) {
      matches |= typeMatches(t.asText(), value);
    }
    if (typed && !matches) {
      problems.add(at + ": expected " + type + ", found " + value.getNodeType() + " " + abbreviate(value));
      return;
    }
    if (value.isObject()) {
      for (JsonNode r : schema.path("required")) {
        if (!value.has(r.asText())) {
          problems.add(at + ": missing required member '" + r.asText() + "'");
        }
      }
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        String where = at + "." + member.getKey();
        if (properties.has(member.getKey())) {
          check(properties.get(member.getKey()), member.getValue(), where, true, problems);
        } else if (additional.isObject()) {
          check(additional, member.getValue(), where, true, problems);
        } else if (closed && !properties.isMissingNode() && !additional.asBoolean(false) && !schema.has("allOf")) {
          problems.add(where + ": not in the schema");
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]", true, problems);
      }
    }
  }

  private static boolean typeMatches(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> true;
    };
  }

  private static String abbreviate(JsonNode v) {
    String s = v.toString();
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
