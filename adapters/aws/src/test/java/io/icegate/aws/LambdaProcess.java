package io.icegate.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A function's runtime process as Lambda's managed Java runtime starts it: a fresh JVM whose class
 * path holds only AWS's runtime interface client (with aws-lambda-java-core and its serialization
 * library), main class {@code AWSLambda}, the handler string as argument, and the function's code
 * unzipped into the working directory (/var/task on Lambda, also LAMBDA_TASK_ROOT), from where the
 * client's own class loader reads it: the folder and {@code lib/*.jar}.
 */
final class LambdaProcess implements AutoCloseable {

  /** The runtime interface client's entry point. */
  static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  private final Process process;
  private final Path log;

  private LambdaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code handler} (e.g. {@code io.icegate.aws.IngestHandler::handleRequest}) from {@code taskRoot}.
   *
   * @param runtimeClasspath the runtime interface client's jars
   * @param jvmFlags flags before the class path, e.g. {@code -XX:TieredStopAtLevel=1}
   */
  static LambdaProcess start(Path taskRoot, String runtimeClasspath, String handler, String runtimeApi,
      Map<String, String> env, List<String> jvmFlags, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", runtimeClasspath, MAIN, handler));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(taskRoot.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ICEGATE_") || k.startsWith("JAVA_TOOL"));
    pb.environment().putAll(env);
    pb.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    pb.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
    pb.environment().put("_HANDLER", handler);
    pb.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", "icegate-test");
    pb.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    pb.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
    return new LambdaProcess(pb.start(), log);
  }

  /** The runtime interface client's jars, from this JVM's class path or {@code ric.classpath}. */
  static String runtimeClasspath() {
    String given = System.getProperty("ric.classpath");
    if (given != null && !given.isBlank()) {
      return given;
    }
    List<String> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("aws-lambda-java-runtime-interface-client-") || name.startsWith("aws-lambda-java-core-")
          || name.startsWith("aws-lambda-java-serialization-") || name.startsWith("utils-lite-")) {
        jars.add(entry);
      }
    }
    if (jars.stream().noneMatch(j -> j.contains("runtime-interface-client"))) {
      throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the class path; set -Dric.classpath");
    }
    return String.join(java.io.File.pathSeparator, jars);
  }

  /** The zip of this machine's architecture, from {@code lambda.zip.dir} (default target/). */
  static Path zipForThisMachine() {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x86_64";
    return Path.of(System.getProperty("lambda.zip.dir", "target")).resolve("icegate-aws-" + arch + ".zip");
  }

  /** Unzips a deployment package into {@code dir}, as Lambda does into /var/task. */
  static Path unzip(Path zip, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (ZipFile z = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = z.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("zip entry outside the folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = z.getInputStream(e)) {
            Files.copy(in, target);
          }
        }
      }
    }
    return dir;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The process's output so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(10);
  }

  /**
   * Stops the runtime as Lambda does at shutdown (SIGTERM), waiting up to {@code seconds} for the
   * JVM to exit (e.g. while it writes a CDS archive) before killing it.
   */
  void stop(long seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
