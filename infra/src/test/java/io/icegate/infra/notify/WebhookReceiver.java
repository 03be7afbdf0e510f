package io.icegate.infra.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers with scripted replies:
 * each request takes the next reply; the last one repeats.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** A scripted answer. */
  public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    public static Reply status(int status) {
      return new Reply(status, Map.of(), "", Duration.ZERO);
    }

    Reply withHeader(String name, String value) {
      Map<String, String> h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body, delay);
    }

    Reply withBody(String text) {
      return new Reply(status, headers, text, delay);
    }

    Reply after(Duration wait) {
      return new Reply(status, headers, body, wait);
    }
  }

  /** A request as received. */
  public record Received(String method, String path, Headers headers, byte[] body) {
    public String header(String name) {
      return headers.getFirst(name);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    replies.add(Reply.status(200));
  }

  /** Replaces the script. */
  public synchronized WebhookReceiver replies(Reply... script) {
    replies.clear();
    replies.addAll(List.of(script));
    return this;
  }

  /** The URL of {@code path} on this server. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Reply reply;
    synchronized (this) {
      Headers copy = new Headers();
      copy.putAll(exchange.getRequestHeaders());
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), copy,
          exchange.getRequestBody().readAllBytes()));
      reply = replies.size() > 1 ? replies.poll() : replies.peek();
    }
    try {
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      reply.headers().forEach(exchange.getResponseHeaders()::add);
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException | IOException e) {
      // the client gave up (a timeout test): nobody is listening any more
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
