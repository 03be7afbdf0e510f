/**
 * Webhook delivery for {@link io.icegate.notify.Notifier}: {@link
 * io.icegate.infra.notify.WebhookNotifier} on {@link java.net.http.HttpClient} (JSON and Slack
 * bodies, HMAC signatures, retries under a {@link io.icegate.infra.notify.RetryPolicy}), and
 * {@link io.icegate.infra.notify.LocalSecrets}, which reads secrets from the environment and the
 * icegate home. Time and sleeping are injected ({@link java.time.Clock}, {@link
 * io.icegate.infra.notify.Sleeper}) so tests of backoff run in milliseconds.
 */
package io.icegate.infra.notify;
