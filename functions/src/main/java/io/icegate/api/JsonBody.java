package io.icegate.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.icegate.ingest.Json;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies into records with precise 400s, and writes JSON.
 *
 * <p>Reading is strict: no unknown fields, no duplicate keys, no coercion of {@code "5"} to 5 or
 * 1.5 to 1, nothing after the object. A record component annotated
 * {@code @JsonProperty(required = true)} must be present and not null. Unknown and missing fields
 * are all reported at once (in {@code errors}); a value of the wrong type is reported with its
 * pointer, line and column.
 */
public final class JsonBody {

  /** The media type of JSON bodies. */
  public static final String JSON = "application/json";

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // FAIL_ON_NULL_FOR_PRIMITIVES stays off: it would also refuse an absent boolean or int, which
      // reads as false or 0; an explicit null for one is refused by the shape check
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // a number or boolean where a string belongs is a type error, not text
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private JsonBody() {}

  /**
   * The body as a {@code type}; a record is checked field by field first.
   *
   * @throws ApiException 415 when the body is not declared JSON, 400 when it is not a JSON object of that shape
   */
  public static <T> T read(HttpRequest request, Class<T> type) {
    JsonNode tree = tree(request);
    if (type.isInstance(tree)) {
      return type.cast(tree);
    }
    List<FieldProblem> problems = new ArrayList<>();
    checkShape(tree, type, "", problems);
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return bind(request.body(), type, tree);
  }

  /**
   * The body as a JSON object tree, e.g. to tell an absent field from an explicit null.
   *
   * @throws ApiException 415 when the body is not declared JSON, 400 when it is not one JSON object
   */
  public static JsonNode tree(HttpRequest request) {
    requireJson(request);
    byte[] body = request.body();
    if (body.length == 0) {
      throw ApiException.badRequest("the request body is empty; this call needs a JSON object");
    }
    JsonNode tree;
    try {
      tree = STRICT.readTree(body);
    } catch (StreamReadException e) {
      throw malformed(e);
    } catch (MismatchedInputException e) {
      // FAIL_ON_TRAILING_TOKENS: a second value after the object
      throw malformed(e.getLocation(), "unexpected content after the JSON object");
    } catch (IOException e) {
      throw ApiException.badRequest("the request body cannot be read as JSON");
    }
    if (tree == null || tree.isMissingNode()) {
      throw ApiException.badRequest("the request body is empty; this call needs a JSON object");
    }
    if (!tree.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object, found " + found(tree));
    }
    return tree;
  }

  /** {@code value} as JSON bytes, written with icegate's mapper (ISO-8601 times). */
  public static byte[] write(Object value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * Refuses a body not declared as JSON: {@code application/json} or {@code application/*+json},
   * in UTF-8 (the only charset JSON allows, RFC 8259).
   *
   * @throws ApiException 415
   */
  public static void requireJson(HttpRequest request) {
    String contentType = request.header("Content-Type").orElse(null);
    if (contentType == null || contentType.isBlank()) {
      throw unsupported("the request has a body but no Content-Type; send Content-Type: application/json");
    }
    String[] parts = contentType.split(";");
    String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(JSON) && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      throw unsupported("Content-Type '" + Problem.printable(contentType) + "' is not supported; send application/json");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
        String charset = param[1].strip().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw unsupported("charset '" + Problem.printable(charset) + "' is not supported; JSON is UTF-8");
        }
      }
    }
  }

  private static ApiException unsupported(String detail) {
    return new ApiException(Problem.of(415, detail), Map.of("Accept", JSON));
  }

  private static ApiException malformed(StreamReadException e) {
    String message = e.getOriginalMessage();
    // Jackson adds a second line on how to fix the reader's configuration: not for API callers
    int newline = message.indexOf('\n');
    return malformed(e.getLocation(), newline < 0 ? message : message.substring(0, newline));
  }

  private static ApiException malformed(JsonLocation at, String message) {
    if (at == null) {
      return new ApiException(Problem.of(Problem.MALFORMED_JSON, "Malformed JSON", 400,
          "the request body is not valid JSON: " + message));
    }
    return new ApiException(Problem.of(Problem.MALFORMED_JSON, "Malformed JSON", 400,
            "the request body is not valid JSON: line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message)
        .with("line", at.getLineNr()).with("column", at.getColumnNr()));
  }

  /** Adds a problem for each unknown, missing or null-but-required field, down through nested records and lists. */
  private static void checkShape(JsonNode node, Type type, String pointer, List<FieldProblem> problems) {
    Class<?> raw = raw(type);
    if (raw.isRecord() && node.isObject()) {
      Map<String, RecordComponent> fields = new LinkedHashMap<>();
      for (RecordComponent c : raw.getRecordComponents()) {
        fields.put(jsonName(c), c);
      }
      JsonIgnoreProperties ignore = raw.getAnnotation(JsonIgnoreProperties.class);
      if (ignore == null || !ignore.ignoreUnknown()) {
        node.fieldNames().forEachRemaining(name -> {
          if (!fields.containsKey(name)) {
            problems.add(FieldProblem.field(pointer + "/" + escape(name), "unknown field '" + Problem.printable(name)
                + "'; the fields are " + String.join(", ", fields.keySet())));
          }
        });
      }
      fields.forEach((name, component) -> {
        JsonNode value = node.get(name);
        String at = pointer + "/" + escape(name);
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        boolean required = property != null && property.required();
        if (value == null) {
          if (required) {
            problems.add(FieldProblem.field(at, "required field '" + name + "' is missing"));
          }
        } else if (value.isNull()) {
          if (required) {
            problems.add(FieldProblem.field(at, "required field '" + name + "' must not be null"));
          } else if (component.getType().isPrimitive()) {
            problems.add(FieldProblem.field(at, "must be " + expected(component.getType()) + ", found null"));
          }
        } else {
          checkShape(value, component.getGenericType(), at, problems);
        }
      });
    } else if (node.isArray()) {
      Type element = element(type);
      if (element != null) {
        for (int i = 0; i < node.size(); i++) {
          checkShape(node.get(i), element, pointer + "/" + i, problems);
        }
      }
    }
  }

  private static <T> T bind(byte[] body, Class<T> type, JsonNode tree) {
    try {
      return STRICT.readValue(body, type);
    } catch (ValueInstantiationException e) {
      // a record's compact constructor refused the values: its message says why
      Throwable cause = e.getCause();
      if (cause instanceof ApiException api) {
        throw api;
      }
      if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
        String pointer = pointer(e);
        throw pointer.isEmpty() ? ApiException.badRequest(cause.getMessage()) : ApiException.invalidField(pointer, cause.getMessage());
      }
      throw new IllegalStateException("cannot construct " + type.getSimpleName() + " from the request body", e);
    } catch (InvalidDefinitionException e) {
      // the record cannot be bound at all (e.g. an unsupported type): our bug, a 500
      throw new IllegalStateException("cannot bind request bodies to " + type.getName(), e);
    } catch (MismatchedInputException e) {
      String pointer = pointer(e);
      JsonNode value = tree.at(pointer);
      String expected = e.getTargetType() == null ? "another kind of value" : expected(e.getTargetType());
      JsonLocation at = e.getLocation();
      throw ApiException.invalid(List.of(new FieldProblem(pointer, null,
          "must be " + expected + ", found " + found(value),
          at == null ? null : at.getLineNr(), at == null ? null : at.getColumnNr())));
    } catch (InputCoercionException e) {
      JsonParser parser = e.getProcessor();
      String pointer = parser == null ? "" : parser.getParsingContext().pathAsPointer().toString();
      JsonLocation at = e.getLocation();
      throw ApiException.invalid(List.of(new FieldProblem(pointer, null, "the number is out of range for this field",
          at == null ? null : at.getLineNr(), at == null ? null : at.getColumnNr())));
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof InputCoercionException) {
        throw ApiException.invalidField(pointer(e), "the number is out of range for this field");
      }
      // the message names Java types: the caller gets the field only
      throw ApiException.invalidField(pointer(e), "this value cannot be read for this field");
    } catch (IOException e) {
      throw ApiException.badRequest("the request body cannot be read as JSON");
    }
  }

  /** JSON Pointer of the field an exception is about. */
  private static String pointer(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      b.append('/').append(ref.getFieldName() != null ? escape(ref.getFieldName()) : String.valueOf(ref.getIndex()));
    }
    return b.toString();
  }

  /** What a Java type accepts, in JSON words. */
  static String expected(Class<?> type) {
    if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
      return "a string";
    }
    if (type == int.class || type == long.class || type == short.class || type == byte.class
        || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (type == double.class || type == float.class || type == Double.class || type == Float.class
        || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == Instant.class || type == OffsetDateTime.class) {
      return "an ISO-8601 time such as \"2025-01-31T10:00:00Z\"";
    }
    if (type == LocalDate.class) {
      return "a date such as \"2025-01-31\"";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(JsonBody::jsonText).collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  /** What a JSON value is, for messages; short strings are quoted. */
  static String found(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    JsonNodeType t = value.getNodeType();
    return switch (t) {
      case STRING -> "the string \"" + Problem.printable(value.asText()) + "\"";
      case NUMBER -> value.isIntegralNumber() ? "the integer " + value.asText() : "the number " + value.asText();
      case BOOLEAN -> value.asText();
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "a " + t.name().toLowerCase(Locale.ROOT) + " value";
    };
  }

  private static String jsonText(Object constant) {
    try {
      return Json.MAPPER.writeValueAsString(constant);
    } catch (JsonProcessingException e) {
      return "\"" + constant + "\"";
    }
  }

  private static String jsonName(RecordComponent c) {
    JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : c.getName();
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return raw(p.getRawType());
    }
    if (type instanceof GenericArrayType g) {
      return raw(g.getGenericComponentType()).arrayType();
    }
    return Object.class;
  }

  /** The element type of an array or collection type, or null. */
  private static Type element(Type type) {
    if (type instanceof Class<?> c && c.isArray()) {
      return c.getComponentType();
    }
    if (type instanceof GenericArrayType g) {
      return g.getGenericComponentType();
    }
    if (type instanceof ParameterizedType p && Collection.class.isAssignableFrom(raw(p.getRawType()))
        && p.getActualTypeArguments().length == 1) {
      return p.getActualTypeArguments()[0];
    }
    return null;
  }

  /** RFC 6901 escaping of one pointer segment. */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
