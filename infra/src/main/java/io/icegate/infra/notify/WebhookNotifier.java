package io.icegate.infra.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.icegate.notify.Alert;
import io.icegate.notify.AlertChannel;
import io.icegate.notify.Delivery;
import io.icegate.notify.Delivery.Attempt;
import io.icegate.notify.Delivery.Outcome;
import io.icegate.notify.Endpoint;
import io.icegate.notify.Envelope;
import io.icegate.notify.JsonWebhook;
import io.icegate.notify.Notification;
import io.icegate.notify.Notifier;
import io.icegate.notify.RetrainTrigger;
import io.icegate.notify.RetrainWebhook;
import io.icegate.notify.Secret;
import io.icegate.notify.SecretRef;
import io.icegate.notify.SecretResolver;
import io.icegate.notify.SecretUnavailableException;
import io.icegate.notify.SlackWebhook;
import io.icegate.notify.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts notifications as webhooks with {@link HttpClient}. Retries 5xx, 408, 429, timeouts and
 * connection errors with exponential backoff and jitter (a {@code Retry-After} is honoured when
 * it fits the budget); other statuses are answers, not accidents, and are not retried. Redirects
 * are not followed, so a body and its signature only ever reach the configured host.
 */
public final class WebhookNotifier implements Notifier {

  /** Header naming this delivery (a row of {@code icegate.deliveries}). */
  public static final String DELIVERY_HEADER = "X-Icegate-Delivery";
  /** Header naming the notification kind: {@code alert} or {@code retrain}. */
  public static final String EVENT_HEADER = "X-Icegate-Event";
  /** Header numbering the attempt, 1 for the first. */
  public static final String ATTEMPT_HEADER = "X-Icegate-Attempt";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final int ERROR_MAX = 300;
  private static final int RESPONSE_BYTES = 1024;

  private final HttpClient client;
  private final SecretResolver secrets;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /**
   * @param client the HTTP client ({@link #client} builds a suitable one)
   * @param secrets resolves signing secrets and URLs given by reference
   * @param retry attempts, backoff and budget
   * @param clock times of attempts, signatures and the budget
   * @param sleeper waits between attempts
   * @param random jitter source, uniform in [0, 1)
   */
  public WebhookNotifier(HttpClient client, SecretResolver secrets, RetryPolicy retry, Clock clock, Sleeper sleeper,
      DoubleSupplier random) {
    this.client = client;
    this.secrets = secrets;
    this.retry = retry;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** A notifier with its own client, real sleeping and random jitter. */
  public static WebhookNotifier create(SecretResolver secrets, RetryPolicy retry, Clock clock) {
    return new WebhookNotifier(client(retry), secrets, retry, clock, Sleeper.SYSTEM,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** An HTTP/1.1 client that never follows redirects and gives up connecting after the policy's timeout. */
  public static HttpClient client(RetryPolicy retry) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with receivers behind simple proxies
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(retry.connectTimeout())
        .build();
  }

  @Override
  public Delivery alert(Envelope envelope, Alert alert, AlertChannel channel) {
    SecretRef signing = channel instanceof JsonWebhook w ? w.secret() : null;
    return send(envelope, alert, channel.name(), channel.type(), channel.endpoint(), signing,
        () -> channel instanceof SlackWebhook ? SlackMessage.of(envelope, alert) : WebhookPayloads.alert(envelope, alert));
  }

  @Override
  public Delivery retrain(Envelope envelope, RetrainTrigger trigger, RetrainWebhook webhook) {
    return send(envelope, trigger, RetrainWebhook.NAME, "retrain", webhook.endpoint(), webhook.secret(),
        () -> WebhookPayloads.retrain(envelope, trigger));
  }

  /** Builds a body; JSON writing is the only thing that can fail. */
  private interface Body {
    byte[] build() throws JsonProcessingException;
  }

  /** The parts of a delivery that stay the same across its attempts. */
  private record Target(Envelope envelope, Notification notification, String deliveryId, String channel,
      String type, String endpoint) {

    Delivery finish(Outcome outcome, List<Attempt> attempts, String error, byte[] body, Instant started, Instant now) {
      Notification n = notification;
      return new Delivery(deliveryId, envelope.id(), n.kind(), n.model(), n.monitor(), n.dedupeKey(), channel, type,
          endpoint, outcome, attempts, error, body == null ? null : new String(body, StandardCharsets.UTF_8), started,
          now);
    }
  }

  private Delivery send(Envelope envelope, Notification n, String channel, String type, Endpoint endpoint,
      SecretRef signing, Body render) {
    Instant started = clock.instant();
    Target target = new Target(envelope, n, UUID.randomUUID().toString(), channel, type, endpoint.describe());
    URI url;
    Secret secret;
    byte[] body;
    try {
      url = endpoint.resolve(secrets);
      secret = signing == null ? null : secrets.resolve(signing);
      body = render.build();
    } catch (SecretUnavailableException | IllegalArgumentException | JsonProcessingException e) {
      // these messages name references, never values (SecretResolver's and Endpoint.parse's contract)
      String error = e instanceof JsonProcessingException ? "the payload could not be written as JSON" : e.getMessage();
      return logged(target.finish(Outcome.FAILED, List.of(), error, null, started, clock.instant()), n);
    }
    Scrubber scrubber = new Scrubber(url, secret);
    Instant deadline = started.plus(retry.maxElapsed());
    List<Attempt> attempts = new ArrayList<>();
    for (int number = 1; ; number++) {
      Instant at = clock.instant();
      long t0 = System.nanoTime();
      Response r = post(url, body, secret, target, number, at, scrubber);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      if (r.ok()) {
        attempts.add(new Attempt(number, at, r.status(), null, millis, null, null));
        return logged(target.finish(Outcome.DELIVERED, attempts, null, body, started, clock.instant()), n);
      }
      String stop = null;
      Duration wait = null;
      String reason = null;
      if (!r.retryable()) {
        stop = r.status() == null ? r.error()
            : r.status() / 100 == 3 ? "HTTP " + r.status() + " is a redirect, which is not followed: configure the final URL"
            : "HTTP " + r.status() + " is not retried: the receiver refused the request";
      } else if (number >= retry.maxAttempts()) {
        stop = "no attempt succeeded";
      } else {
        Duration backoff = retry.backoff(number, random.getAsDouble());
        Optional<Duration> asked = RetryAfter.parse(r.retryAfter(), clock.instant());
        boolean honour = asked.isPresent() && asked.get().compareTo(backoff) > 0;
        wait = honour ? asked.get() : backoff;
        reason = honour ? "retry-after" : "backoff";
        if (clock.instant().plus(wait).isAfter(deadline)) {
          stop = (honour ? "Retry-After of " + asked.get().toSeconds() + " s" : "the next pause")
              + " would pass the delivery budget of " + retry.maxElapsed().toSeconds() + " s";
          wait = null;
          reason = null;
        }
      }
      attempts.add(new Attempt(number, at, r.status(), r.error(), millis, wait == null ? null : wait.toMillis(), reason));
      if (stop != null) {
        return logged(target.finish(Outcome.FAILED, attempts, stop, body, started, clock.instant()), n);
      }
      LOG.info("{} '{}' of model {} to channel {} ({}): attempt {} failed ({}); retrying in {} ms [delivery {}]",
          n.kind().json(), n.dedupeKey(), n.model(), channel, target.endpoint(), number, r.error(), wait.toMillis(),
          target.deliveryId());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return logged(target.finish(Outcome.FAILED, attempts, "interrupted while waiting to retry", body, started,
            clock.instant()), n);
      }
    }
  }

  /** What one request got back. */
  private record Response(Integer status, String retryAfter, String error, boolean retryable) {
    boolean ok() {
      return status != null && status / 100 == 2;
    }
  }

  private Response post(URI url, byte[] body, Secret secret, Target target, int number, Instant at, Scrubber scrubber) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(retry.attemptTimeout())
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "icegate-webhook/1")
        .header(EVENT_HEADER, target.notification().kind().json())
        .header(DELIVERY_HEADER, target.deliveryId())
        .header(ATTEMPT_HEADER, String.valueOf(number))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      long timestamp = at.getEpochSecond();
      request.header(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(timestamp))
          .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret.bytes(), timestamp, body));
    }
    try {
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      String excerpt;
      try (InputStream in = response.body()) {
        // a bounded read: the receiver's answer is for diagnosis, not worth unbounded memory
        excerpt = new String(in.readNBytes(RESPONSE_BYTES), StandardCharsets.UTF_8);
      }
      if (status / 100 == 2) {
        return new Response(status, null, null, false);
      }
      String error = "HTTP " + status + (excerpt.isBlank() ? "" : ": " + scrubber.scrub(excerpt, ERROR_MAX));
      boolean retryable = status >= 500 || status == 429 || status == 408;
      return new Response(status, response.headers().firstValue("Retry-After").orElse(null), error, retryable);
    } catch (HttpConnectTimeoutException e) {
      return new Response(null, null, "connect timeout after " + retry.connectTimeout().toMillis() + " ms", true);
    } catch (HttpTimeoutException e) {
      return new Response(null, null, "no response within " + retry.attemptTimeout().toMillis() + " ms", true);
    } catch (ConnectException e) {
      return new Response(null, null, "connection failed" + detail(e, scrubber), true);
    } catch (IOException e) {
      return new Response(null, null, e.getClass().getSimpleName() + detail(e, scrubber), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(null, null, "interrupted", false);
    }
  }

  private static String detail(Exception e, Scrubber scrubber) {
    return e.getMessage() == null ? "" : ": " + scrubber.scrub(e.getMessage(), ERROR_MAX);
  }

  private static Delivery logged(Delivery d, Notification n) {
    if (d.outcome() == Outcome.DELIVERED) {
      LOG.info("{} '{}' of model {} {} to channel {} ({}) [delivery {}]", n.kind().json(), n.dedupeKey(), n.model(),
          d.summary(), d.channel(), d.endpoint(), d.deliveryId());
    } else {
      LOG.warn("{} '{}' of model {} to channel {} ({}) {} [delivery {}]", n.kind().json(), n.dedupeKey(), n.model(),
          d.channel(), d.endpoint(), d.summary(), d.deliveryId());
    }
    return d;
  }
}
