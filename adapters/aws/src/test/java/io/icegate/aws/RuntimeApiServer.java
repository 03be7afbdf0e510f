package io.icegate.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API on 127.0.0.1, as the Lambda service serves it to a function's runtime:
 * {@code GET /2018-06-01/runtime/invocation/next} hands out the queued events (holding the request
 * open until one is queued), {@code POST .../invocation/{id}/response} and {@code .../error} and
 * {@code /runtime/init/error} are recorded as {@link Result}s.
 */
final class RuntimeApiServer implements AutoCloseable {

  private static final String BASE = "/2018-06-01/runtime/";

  /** What the runtime posted for an invocation (or for its init, under id "init"). */
  record Result(String requestId, boolean error, String body, long atNanos) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "runtime-api");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Map.Entry<String, byte[]>> events = new LinkedBlockingQueue<>();
  private final Map<String, BlockingQueue<Result>> results = new ConcurrentHashMap<>();
  private final BlockingQueue<Result> initErrors = new LinkedBlockingQueue<>();

  RuntimeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(BASE, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The value of AWS_LAMBDA_RUNTIME_API for the runtime. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues an event; returns its request id. */
  String invoke(byte[] event) {
    String id = UUID.randomUUID().toString();
    results.put(id, new LinkedBlockingQueue<>());
    events.add(Map.entry(id, event));
    return id;
  }

  /** The runtime's answer to request {@code id}; fails when an init error comes first or time runs out. */
  Result await(String id, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (System.nanoTime() < deadline) {
      Result r = results.get(id).poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        return r;
      }
      Result init = initErrors.peek();
      if (init != null) {
        throw new AssertionError("the runtime failed to initialize: " + init.body());
      }
    }
    throw new AssertionError("no answer to request " + id + " within " + timeout + " " + unit);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(BASE.length());
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && path.equals("init/error")) {
        initErrors.add(new Result("init", true, body(exchange), System.nanoTime()));
        send(exchange, 202, "{}");
      } else if (method.equals("POST") && path.startsWith("invocation/")) {
        String[] parts = path.split("/");
        long at = System.nanoTime();
        BlockingQueue<Result> queue = parts.length == 3 ? results.get(parts[1]) : null;
        if (queue == null || !(parts[2].equals("response") || parts[2].equals("error"))) {
          send(exchange, 404, "{\"errorMessage\":\"unknown request\"}");
          return;
        }
        queue.add(new Result(parts[1], parts[2].equals("error"), body(exchange), at));
        send(exchange, 202, "{}");
      } else {
        send(exchange, 404, "{}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    Map.Entry<String, byte[]> event;
    try {
      event = events.take(); // the runtime waits here between invocations, as on Lambda
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event.getKey());
    exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 300_000));
    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
        "arn:aws:lambda:us-east-1:123456789012:function:icegate-ingest");
    exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
        "Root=1-6746e1a3-0e1f2a3b4c5d6e7f8a9b0c1d;Parent=53995c3f42cd8ad8;Sampled=0");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, event.getValue().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(event.getValue());
    }
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
