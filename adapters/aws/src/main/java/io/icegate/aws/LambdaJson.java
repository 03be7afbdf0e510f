package io.icegate.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/** Reads Lambda events strictly and writes responses, with the same Jackson the core uses. */
final class LambdaJson {

  // strict: an unknown field means the event is not the shape we bind, and is refused
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
          DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // scan modes are written lower-case in policies and schedules
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private LambdaJson() {}

  /** The event as a tree; anything but one JSON object is refused. */
  static JsonNode readObject(InputStream in, String handler) throws IOException {
    JsonNode node;
    try {
      node = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new RefusedEventException(handler + " was invoked with a payload that is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new RefusedEventException(handler + " takes a JSON object; it was invoked with "
          + (node == null || node.isMissingNode() ? "an empty payload" : "a JSON " + node.getNodeType().name().toLowerCase()));
    }
    return node;
  }

  /** A JSON text (e.g. an SQS body) as a tree, or null when it is not JSON. */
  static JsonNode parseOrNull(String text) {
    try {
      return text == null ? null : MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** {@code node} bound to {@code type}; unknown fields, wrong types and missing required fields refuse it. */
  static Object bind(JsonNode node, Type type, String handler) {
    JavaType javaType = MAPPER.constructType(type);
    try {
      return MAPPER.readerFor(javaType).readValue(MAPPER.treeAsTokens(node));
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
      throw new RefusedEventException(handler + " cannot read its input as " + javaType.getRawClass().getSimpleName()
          + " (fields " + fieldNames(node) + "): " + why);
    }
  }

  /** Writes {@code value} as JSON without closing the stream. */
  static void write(OutputStream out, Object value) throws IOException {
    MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
  }

  /** The field names of an object node, for refusal messages (names only: values may be secrets). */
  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
