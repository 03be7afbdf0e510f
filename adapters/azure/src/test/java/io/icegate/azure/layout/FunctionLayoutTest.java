package io.icegate.azure.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.icegate.IcegateFunctions;
import io.icegate.azure.AzureHandlers;
import io.icegate.infra.azure.AzureSettings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated Function App folder against the handlers' annotations, read back from disk. */
class FunctionLayoutTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path app;
  private Path jar;

  @BeforeEach
  void generate(@TempDir Path build) throws IOException {
    jar = Files.writeString(build.resolve("icegate-adapter-azure.jar"), "jar bytes");
    FunctionLayout.write(app, jar, List.of(AzureHandlers.class));
  }

  @Test
  void hostJsonIsRuntimeTwoWithTheBundleAndNoRoutePrefix() throws IOException {
    JsonNode host = JSON.readTree(app.resolve("host.json").toFile());

    assertThat(host.path("version").asText()).isEqualTo("2.0");
    assertThat(host.path("extensionBundle").path("id").asText()).isEqualTo("Microsoft.Azure.Functions.ExtensionBundle");
    assertThat(host.path("extensionBundle").path("version").asText()).isEqualTo("[4.*, 5.0.0)");
    assertThat(host.path("extensions").path("http").path("routePrefix").asText()).isEmpty();
    assertThat(app.resolve("icegate-adapter-azure.jar")).hasContent("jar bytes");
  }

  @Test
  void oneFolderPerFunctionNamedAsTheBeans() throws IOException {
    try (Stream<Path> dirs = Files.list(app)) {
      assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(IcegateFunctions.INGEST, IcegateFunctions.API, IcegateFunctions.SCAN_DRIFT,
              IcegateFunctions.COMPARE_SHADOW, IcegateFunctions.MAINTAIN_TABLES, IcegateFunctions.PROFILE_BATCHES);
    }
  }

  @Test
  void everyEntryPointNamesARealPublicMethodWithThatFunctionName() throws Exception {
    for (Method m : functionMethods()) {
      String name = m.getAnnotation(FunctionName.class).value();
      JsonNode fn = function(name);
      assertThat(fn.path("scriptFile").asText()).isEqualTo("../" + jar.getFileName());
      String entryPoint = fn.path("entryPoint").asText();
      int dot = entryPoint.lastIndexOf('.');
      Class<?> type = Class.forName(entryPoint.substring(0, dot));
      List<Method> named = Arrays.stream(type.getMethods())
          .filter(x -> x.getName().equals(entryPoint.substring(dot + 1))).toList();
      assertThat(named).as(entryPoint).singleElement()
          .satisfies(x -> assertThat(x.getAnnotation(FunctionName.class).value()).isEqualTo(name));
    }
  }

  @Test
  void bindingsMatchTheTriggerAnnotations() throws Exception {
    for (Method m : functionMethods()) {
      JsonNode bindings = function(m.getAnnotation(FunctionName.class).value()).path("bindings");
      List<JsonNode> expectedIn = new ArrayList<>();
      for (Parameter p : m.getParameters()) {
        if (p.getType() == ExecutionContext.class) {
          continue;
        }
        JsonNode b = binding(bindings, p);
        expectedIn.add(b);
        assertThat(b.path("direction").asText()).isEqualTo("in");
        if (p.getAnnotation(EventGridTrigger.class) != null) {
          EventGridTrigger t = p.getAnnotation(EventGridTrigger.class);
          assertThat(b.path("type").asText()).isEqualTo("eventGridTrigger");
          assertThat(b.path("name").asText()).isEqualTo(t.name());
        } else if (p.getAnnotation(TimerTrigger.class) != null) {
          TimerTrigger t = p.getAnnotation(TimerTrigger.class);
          assertThat(b.path("type").asText()).isEqualTo("timerTrigger");
          assertThat(b.path("name").asText()).isEqualTo(t.name());
          assertThat(b.path("schedule").asText()).isEqualTo(t.schedule());
        } else if (p.getAnnotation(HttpTrigger.class) != null) {
          HttpTrigger t = p.getAnnotation(HttpTrigger.class);
          assertThat(b.path("type").asText()).isEqualTo("httpTrigger");
          assertThat(b.path("name").asText()).isEqualTo(t.name());
          assertThat(b.path("route").asText()).isEqualTo(t.route());
          assertThat(b.path("authLevel").asText()).isEqualTo(t.authLevel().name().toLowerCase());
          assertThat(b.path("dataType").asText()).isEqualTo(t.dataType());
          List<String> methods = new ArrayList<>();
          b.path("methods").forEach(x -> methods.add(x.asText()));
          assertThat(methods).containsExactlyElementsOf(Arrays.stream(t.methods()).map(Enum::name).toList());
        } else {
          throw new AssertionError(m + ": parameter " + p + " has no known trigger");
        }
      }
      boolean http = m.getReturnType().getSimpleName().equals("HttpResponseMessage");
      assertThat(bindings.size()).as(m.getName()).isEqualTo(expectedIn.size() + (http ? 1 : 0));
      if (http) {
        assertThat(bindings.get(bindings.size() - 1).toString())
            .isEqualTo("{\"type\":\"http\",\"direction\":\"out\",\"name\":\"$return\"}");
      }
    }
  }

  @Test
  void theContractWithTheDeploymentIsFixed() throws IOException {
    JsonNode api = function("api").path("bindings").get(0);
    assertThat(api.path("route").asText()).isEqualTo("v1/{*path}");
    assertThat(api.path("authLevel").asText()).isEqualTo("function");
    assertThat(function("ingest").path("bindings").get(0).path("type").asText()).isEqualTo("eventGridTrigger");
    assertThat(function("compareShadow").path("bindings").get(0).path("authLevel").asText()).isEqualTo("admin");
    // every %SETTING% a schedule names is an app setting the code declares (Terraform sets those)
    Set<String> placeholders = Stream.of("scanDrift", "maintainTables", "profileBatches")
        .map(f -> function(f).path("bindings").get(0).path("schedule").asText())
        .flatMap(s -> {
          Matcher m = Pattern.compile("%([A-Z_]+)%").matcher(s);
          return m.results().map(r -> r.group(1));
        })
        .collect(Collectors.toSet());
    assertThat(placeholders).containsExactlyInAnyOrder(AzureSettings.SCAN_SCHEDULE, AzureSettings.MAINTAIN_SCHEDULE,
        AzureSettings.PROFILE_SCHEDULE);
    assertThat(AzureSettings.APP_SETTINGS).containsAll(placeholders);
  }

  private static List<Method> functionMethods() {
    List<Method> methods = Arrays.stream(AzureHandlers.class.getMethods())
        .filter(m -> m.isAnnotationPresent(FunctionName.class)).toList();
    assertThat(methods).hasSize(6);
    return methods;
  }

  private JsonNode function(String name) {
    try {
      return JSON.readTree(app.resolve(name).resolve("function.json").toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode binding(JsonNode bindings, Parameter p) {
    String name = Arrays.stream(p.getAnnotations()).map(a -> {
      try {
        return (String) a.annotationType().getMethod("name").invoke(a);
      } catch (ReflectiveOperationException e) {
        return null;
      }
    }).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
    for (JsonNode b : bindings) {
      if (b.path("name").asText().equals(name)) {
        return b;
      }
    }
    throw new AssertionError("no binding named " + name + " in " + bindings);
  }
}
