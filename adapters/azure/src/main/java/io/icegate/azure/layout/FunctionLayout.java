package io.icegate.azure.layout;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.CustomBinding;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the deployable Function App folder from the handlers' annotations, as the Azure Maven
 * plugin would (it does not resolve here): {@code host.json}, {@code <function>/function.json}
 * for every {@link FunctionName} method, and the handlers' jar. Run at package time:
 * {@code FunctionLayout <app-dir> <jar> <handler-class>...}; {@code lib/} is filled by Maven.
 */
public final class FunctionLayout {

  /** Package of the binding annotations of azure-functions-java-library. */
  private static final String ANNOTATIONS = "com.microsoft.azure.functions.annotation.";
  /** Annotation attributes that are not written as binding properties. */
  private static final Set<String> NOT_PROPERTIES = Set.of("name", "type", "direction");

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private FunctionLayout() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: FunctionLayout <app-dir> <jar> <handler-class>...");
    }
    List<Class<?>> handlers = new ArrayList<>();
    for (String name : Arrays.copyOfRange(args, 2, args.length)) {
      handlers.add(Class.forName(name));
    }
    write(Path.of(args[0]), Path.of(args[1]), handlers);
  }

  /** Writes host.json, the function folders and the jar into {@code appDir}; returns the functions by name. */
  public static Map<String, Map<String, Object>> write(Path appDir, Path jar, List<Class<?>> handlers)
      throws IOException {
    Files.createDirectories(appDir);
    Files.write(appDir.resolve("host.json"), JSON.writeValueAsBytes(hostJson()));
    String jarName = jar.getFileName().toString();
    if (Files.exists(jar)) {
      Files.copy(jar, appDir.resolve(jarName), StandardCopyOption.REPLACE_EXISTING);
    }
    Map<String, Map<String, Object>> functions = functions(handlers, jarName);
    for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
      Path dir = Files.createDirectories(appDir.resolve(f.getKey()));
      Files.write(dir.resolve("function.json"), JSON.writeValueAsBytes(f.getValue()));
    }
    return functions;
  }

  /** host.json: runtime 2.0, the extension bundle (Event Grid, timers), no route prefix (paths are /v1/...). */
  static Map<String, Object> hostJson() {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("version", "2.0");
    host.put("extensionBundle", Map.of("id", "Microsoft.Azure.Functions.ExtensionBundle", "version", "[4.*, 5.0.0)"));
    host.put("extensions", Map.of("http", Map.of("routePrefix", "")));
    host.put("functionTimeout", "00:10:00");
    host.put("logging", Map.of("logLevel", Map.of("default", "Information")));
    return host;
  }

  /** function.json content of every {@link FunctionName} method, by function name. */
  public static Map<String, Map<String, Object>> functions(List<Class<?>> handlers, String jarName) {
    Map<String, Map<String, Object>> functions = new TreeMap<>();
    for (Class<?> handler : handlers) {
      Method[] methods = handler.getMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method m : methods) {
        FunctionName fn = m.getAnnotation(FunctionName.class);
        if (fn == null) {
          continue;
        }
        if (Modifier.isStatic(m.getModifiers())) {
          throw new IllegalStateException(m + ": handlers are instance methods (the injector supplies the instance)");
        }
        if (functions.containsKey(fn.value())) {
          throw new IllegalStateException("function '" + fn.value() + "' is declared twice");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scriptFile", "../" + jarName);
        json.put("entryPoint", handler.getName() + "." + m.getName());
        json.put("bindings", bindings(m));
        functions.put(fn.value(), json);
      }
    }
    return functions;
  }

  private static List<Map<String, Object>> bindings(Method m) {
    List<Map<String, Object>> bindings = new ArrayList<>();
    boolean http = false;
    for (Parameter p : m.getParameters()) {
      for (Annotation a : p.getAnnotations()) {
        Map<String, Object> binding = binding(a);
        if (binding != null) {
          bindings.add(binding);
          http |= "httpTrigger".equals(binding.get("type"));
        }
      }
    }
    if (bindings.stream().noneMatch(b -> String.valueOf(b.get("type")).endsWith("Trigger"))) {
      throw new IllegalStateException(m + " has no trigger binding");
    }
    if (http && HttpResponseMessage.class.isAssignableFrom(m.getReturnType())) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("type", "http");
      out.put("direction", "out");
      out.put("name", "$return");
      bindings.add(out);
    }
    return bindings;
  }

  /** A binding from one parameter annotation, or null for annotations that are not bindings. */
  static Map<String, Object> binding(Annotation a) {
    Class<? extends Annotation> type = a.annotationType();
    if (!type.getName().startsWith(ANNOTATIONS)) {
      return null;
    }
    Map<String, Object> binding = new LinkedHashMap<>();
    String simple = type.getSimpleName();
    if (a instanceof CustomBinding custom) {
      binding.put("type", custom.type());
      binding.put("direction", custom.direction());
    } else if (simple.endsWith("Trigger") || simple.endsWith("Input") || simple.endsWith("Output")) {
      binding.put("type", Character.toLowerCase(simple.charAt(0)) + simple.substring(1).replaceAll("(Input|Output)$", ""));
      binding.put("direction", simple.endsWith("Output") ? "out" : "in");
    } else {
      return null; // e.g. @BindingName
    }
    binding.put("name", value(a, "name"));
    Method[] attributes = type.getDeclaredMethods();
    Arrays.sort(attributes, Comparator.comparing(Method::getName));
    for (Method attr : attributes) {
      if (NOT_PROPERTIES.contains(attr.getName())) {
        continue;
      }
      Object v = value(a, attr.getName());
      // unset strings and lists are left out; enums (authLevel, cardinality) are always written
      if (v == null || "".equals(v) || (v.getClass().isArray() && Array.getLength(v) == 0)) {
        continue;
      }
      binding.put(attr.getName(), json(v));
    }
    return binding;
  }

  private static Object value(Annotation a, String attribute) {
    try {
      return a.annotationType().getMethod(attribute).invoke(a);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("@" + a.annotationType().getSimpleName() + " has no " + attribute, e);
    }
  }

  /** Enums as the host spells them (methods upper-case, authLevel lower-case), arrays as lists. */
  private static Object json(Object v) {
    if (v instanceof Enum<?>[] enums) {
      return Arrays.stream(enums).map(Enum::name).toList();
    }
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    if (v instanceof String[] strings) {
      return List.of(strings);
    }
    return v;
  }
}
