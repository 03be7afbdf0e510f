package io.icegate.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Set;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;

/**
 * A handler whose event is the function's input as JSON: a plain JSON input (a schedule's
 * {@code Input}, a direct invoke) or an EventBridge / EventBridge Scheduler event whose
 * {@code detail} holds it (the Scheduler's default notification has {@code "detail": "{}"}).
 * The JSON is bound strictly to the bean's own input type, so a foreign event is refused.
 */
abstract class JsonFunctionHandler implements RequestStreamHandler {

  private static final Set<String> SCHEDULE_SOURCES = Set.of("aws.scheduler", "aws.events");

  private final String name;
  private final FunctionInvocationWrapper function;
  private final Type inputType;

  JsonFunctionHandler(LambdaRuntime runtime, String bean, String name) {
    this.name = name;
    this.function = runtime.function(bean);
    this.inputType = function.getInputType();
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = LambdaJson.readObject(input, name);
    Object request = LambdaJson.bind(payload(event), inputType, name);
    LambdaJson.write(output, function.apply(request));
  }

  /** The function's input: the event itself, or the {@code detail} of a schedule's event. */
  private JsonNode payload(JsonNode event) {
    if (!event.has("detail-type") || !event.has("source")) {
      return event;
    }
    String source = event.path("source").asText("");
    if (!SCHEDULE_SOURCES.contains(source)) {
      throw new RefusedEventException(name + " takes a schedule's event (source aws.scheduler or aws.events) or "
          + "its input as JSON; it was invoked with an EventBridge event from " + source + " ("
          + event.path("detail-type").asText("") + ")");
    }
    JsonNode detail = event.path("detail");
    if (detail.isTextual()) {
      // the Scheduler's default notification carries the detail as a JSON string
      JsonNode parsed = LambdaJson.parseOrNull(detail.asText());
      if (parsed == null || !parsed.isObject()) {
        throw new RefusedEventException(name + ": the schedule event's detail is not a JSON object");
      }
      return parsed;
    }
    if (detail.isMissingNode() || detail.isNull()) {
      return LambdaJson.parseOrNull("{}");
    }
    if (!detail.isObject()) {
      throw new RefusedEventException(name + ": the schedule event's detail is not a JSON object");
    }
    return detail;
  }
}
