package io.icegate.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.icegate.api.ApiException;
import io.icegate.api.ApiFunction;
import io.icegate.api.ApiLimits;
import io.icegate.api.Headers;
import io.icegate.api.HttpRequest;
import io.icegate.api.HttpResponse;
import io.icegate.api.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP front of the {@code api} function: the JDK's {@link HttpServer} on 127.0.0.1
 * only, translating each exchange into an {@link HttpRequest} and the {@link HttpResponse} back.
 * Routing, authentication and error bodies are the function's, as on every platform.
 */
public final class LocalHttpServer implements AutoCloseable {

  /** Request ids a client may choose; anything else is replaced by a generated one. */
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final Logger LOG = LoggerFactory.getLogger(LocalHttpServer.class);

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final AtomicInteger inFlight;

  /**
   * How the server runs.
   *
   * @param port TCP port on 127.0.0.1; 0 picks a free one
   * @param threads requests answered at once
   * @param queue requests waiting for a thread before the accepting thread answers them itself
   * @param limits the api function's limits (the body limit is enforced while reading)
   */
  public record Config(int port, int threads, int queue, ApiLimits limits) {

    /** Port 8080, 8 threads, 64 waiting, 1 MiB bodies. */
    public static final Config DEFAULTS = new Config(8080, 8, 64, ApiLimits.DEFAULTS);

    public Config {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535");
      }
      if (threads < 1 || queue < 1) {
        throw new IllegalArgumentException("threads and queue must be positive");
      }
    }

    /** These settings on another port. */
    public Config withPort(int port) {
      return new Config(port, threads, queue, limits);
    }
  }

  private LocalHttpServer(HttpServer server, ThreadPoolExecutor executor, AtomicInteger inFlight) {
    this.server = server;
    this.executor = executor;
    this.inFlight = inFlight;
  }

  /** Binds 127.0.0.1 and starts answering with {@code api}. */
  public static LocalHttpServer start(Function<HttpRequest, HttpResponse> api, Config config) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port()), 0);
    AtomicInteger n = new AtomicInteger();
    // bounded: when every thread is busy and the queue is full, the accepting thread answers the
    // request itself, which stops it accepting more: back-pressure instead of unbounded memory
    ThreadPoolExecutor executor = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(config.queue()), r -> {
          Thread t = new Thread(r, "icegate-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    AtomicInteger inFlight = new AtomicInteger();
    server.createContext("/", exchange -> {
      inFlight.incrementAndGet();
      try {
        answer(exchange, api, config.limits());
      } finally {
        inFlight.decrementAndGet();
      }
    });
    server.start();
    return new LocalHttpServer(server, executor, inFlight);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address it is bound to. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Its base URI, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Gives exchanges in flight up to a second to finish, then stops. */
  @Override
  public void close() {
    // JDK 17's stop(delay) waits the whole delay even when nothing is in flight: count ourselves
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stop(0);
    executor.shutdown();
  }

  private static void answer(HttpExchange exchange, Function<HttpRequest, HttpResponse> api, ApiLimits limits) {
    String requestId = requestId(exchange.getRequestHeaders().getFirst(ApiFunction.REQUEST_ID));
    try (exchange) {
      HttpResponse response;
      try {
        response = api.apply(request(exchange, requestId, limits));
      } catch (ApiException e) {
        // refused before the function ran: body over the limit, malformed query string
        response = e.toResponse(exchange.getRequestURI().getRawPath(), requestId).withHeader(ApiFunction.REQUEST_ID, requestId);
      } catch (RuntimeException e) {
        LOG.error("request {} failed", requestId, e);
        response = Problem.of(500, "an unexpected error occurred; the server log has the details under request id "
            + requestId).with("requestId", requestId).toResponse().withHeader(ApiFunction.REQUEST_ID, requestId);
      }
      send(exchange, response);
    } catch (IOException e) {
      // the client went away; nothing to answer
      LOG.debug("request {}: {}", requestId, e.toString());
    }
  }

  private static HttpRequest request(HttpExchange exchange, String requestId, ApiLimits limits) throws IOException {
    URI uri = exchange.getRequestURI();
    return new HttpRequest(exchange.getRequestMethod(), uri.getRawPath(), HttpRequest.parseQuery(uri.getRawQuery()),
        Headers.of(exchange.getRequestHeaders()), body(exchange, limits), requestId);
  }

  /** Reads the body, refusing it (413) without reading on past the limit. */
  private static byte[] body(HttpExchange exchange, ApiLimits limits) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        long declared = Long.parseLong(length.strip());
        if (declared > limits.maxBodyBytes()) {
          throw tooLarge(exchange, limits, declared);
        }
      } catch (NumberFormatException e) {
        // the JDK server refuses a bad Content-Length before we get here
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(limits.maxBodyBytes() + 1);
      if (body.length > limits.maxBodyBytes()) {
        throw tooLarge(exchange, limits, -1);
      }
      return body;
    }
  }

  private static ApiException tooLarge(HttpExchange exchange, ApiLimits limits, long size) {
    // the rest of the body is not read, so the connection cannot carry another request
    exchange.getResponseHeaders().set("Connection", "close");
    return limits.tooLarge(size);
  }

  private static void send(HttpExchange exchange, HttpResponse response) throws IOException {
    for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
      exchange.getResponseHeaders().put(h.getKey(), h.getValue());
    }
    byte[] body = response.body();
    boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD")
        || response.status() == 204 || response.status() == 304;
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The client's request id when it is a plain token, else a new one. */
  static String requestId(String given) {
    return given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }
}
