package io.icegate.infra.azure;

import static org.junit.jupiter.api.Assertions.fail;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Azurite's blob service (npm package {@code azurite}) on 127.0.0.1, a free port and a temp
 * folder, for tests. The binary is looked up under {@code $ICEGATE_NODE_MODULES} (default
 * {@code ~/.cache/icegate-node}, where {@code .ci/run} installs it). Without it the test is
 * skipped, except under {@code CI=true}, where it fails.
 */
public final class Azurite implements AutoCloseable {

  /** Azurite's well-known development account: public, documented, and used only in tests. */
  public static final String ACCOUNT = "devstoreaccount1";

  private static final String DEV_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path location;
  private final int port;
  private final BlobServiceClient service;

  private Azurite(Process process, Path location, int port) {
    this.process = process;
    this.location = location;
    this.port = port;
    this.service = new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
  }

  /** The folder holding node_modules with azurite, from the environment or the default. */
  public static Path nodeModulesHome() {
    String configured = System.getenv("ICEGATE_NODE_MODULES");
    return configured == null || configured.isBlank()
        ? Path.of(System.getProperty("user.home"), ".cache", "icegate-node")
        : Path.of(configured);
  }

  /** Starts Azurite, or skips the test (fails it when CI=true) when it is not installed. */
  public static Azurite start() throws IOException {
    Path bin = nodeModulesHome().resolve("node_modules/.bin/azurite-blob");
    requireInstalled(bin, "Azurite",
        "npm install --prefix \"$HOME/.cache/icegate-node\" azurite@3.37.0");
    Path location = Files.createTempDirectory("azurite-");
    int port = freePort();
    Process process = new ProcessBuilder(List.of(bin.toString(),
            "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
            "--location", location.toString(),
            "--skipApiVersionCheck", "--silent", "--loose"))
        .redirectErrorStream(true)
        .redirectOutput(location.resolve("azurite.log").toFile())
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!accepting(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        String log = Files.exists(location.resolve("azurite.log"))
            ? Files.readString(location.resolve("azurite.log")) : "";
        throw new IOException("Azurite did not start on port " + port + ": " + log);
      }
      sleep(50);
    }
    return new Azurite(process, location, port);
  }

  /**
   * Skips the calling test with a message when {@code tool} is missing, or fails it under CI=true.
   */
  public static void requireInstalled(Path bin, String tool, String install) {
    if (Files.exists(bin)) {
      return;
    }
    String message = tool + " is not installed at " + bin + " (install: " + install
        + ", or set ICEGATE_NODE_MODULES)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + "; CI=true, so this test fails instead of skipping");
    }
    Assumptions.abort(message + "; skipping");
  }

  /** The connection string of the development account on this instance. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + DEV_KEY
        + ";BlobEndpoint=" + blobEndpoint() + ";";
  }

  /** {@code http://127.0.0.1:<port>/devstoreaccount1}. */
  public String blobEndpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  public BlobServiceClient service() {
    return service;
  }

  /** A new container with a unique name. */
  public BlobContainerClient newContainer(String stem) {
    BlobContainerClient c = service.getBlobContainerClient(stem + "-" + UUID.randomUUID().toString().substring(0, 8));
    c.create();
    return c;
  }

  /** Stops Azurite and removes its folder. */
  @Override
  public void close() throws IOException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(location)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepting(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
