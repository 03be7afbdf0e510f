/**
 * Alerts to model owners and retrain triggers: what a drift scan calls when a drift budget trips.
 *
 * <h2>API</h2>
 *
 * <ul>
 *   <li>{@link io.icegate.notify.Alert} (model, monitor, {@link io.icegate.notify.Severity}, title,
 *       summary lines, report link, ordered facts, dedupe key) and {@link
 *       io.icegate.notify.RetrainTrigger} (model, alias, version, monitor, reason, drift figures,
 *       report link; its dedupe key is {@code retrain/<alias>/v<version>}): the two {@link
 *       io.icegate.notify.Notification}s.
 *   <li>{@link io.icegate.notify.Notifications#alert} and {@link io.icegate.notify.Notifications#retrain}:
 *       gate by dedupe key, deliver to every channel when it fires, record everything; the result is
 *       a {@link io.icegate.notify.Dispatch}.
 *   <li>{@link io.icegate.notify.Notifier}: the port that delivers one notification to one channel
 *       and reports every attempt as a {@link io.icegate.notify.Delivery}; infra's {@code
 *       WebhookNotifier} posts webhooks.
 *   <li>{@link io.icegate.notify.AlertGate}: fired or suppressed (until when) under a cooldown,
 *       state and audit in {@code icegate.alert_log} ({@link io.icegate.notify.AlertLog}); {@link
 *       io.icegate.notify.DeliveryLog}: {@code icegate.deliveries}.
 *   <li>Channels: {@link io.icegate.notify.JsonWebhook}, {@link io.icegate.notify.SlackWebhook},
 *       {@link io.icegate.notify.RetrainWebhook}; each posts to an {@link io.icegate.notify.Endpoint}
 *       and reads secrets through a {@link io.icegate.notify.SecretRef} and the {@link
 *       io.icegate.notify.SecretResolver} port.
 *   <li>{@link io.icegate.notify.NotifyPolicyReader}: the {@code alerts} and {@code retrain}
 *       sections of a model policy, as {@link io.icegate.notify.NotifyPolicy}.
 *   <li>{@link io.icegate.notify.WebhookSignature}: the HMAC-SHA256 signature on webhook bodies, and
 *       {@code verify} for receivers written in Java.
 * </ul>
 *
 * <h2>Policy format</h2>
 *
 * <p>In {@code config/policies/<model>.yaml}, next to the gate rules:
 *
 * <pre>{@code
 * alerts:
 *   owners: [ana@example.com, "#ml-oncall"]   # default: the policy's top-level owners
 *   cooldown: PT6H                            # ISO-8601; default PT6H
 *   channels:                                 # at least one; names unique (default: the type)
 *     - name: oncall
 *       type: webhook                         # icegate.alert JSON document
 *       url: https://alerts.example.com/icegate
 *       secretEnv: ICEGATE_ALERT_SECRET       # optional: sign the body (or secretFile)
 *     - name: team-slack
 *       type: slack                           # Slack-compatible incoming webhook (text + blocks)
 *       urlEnv: ICEGATE_SLACK_WEBHOOK         # its URL holds the token: give it by reference
 * retrain:
 *   webhook: https://ci.example.com/hooks/retrain   # or webhookEnv / webhookFile
 *   secretEnv: ICEGATE_RETRAIN_SECRET               # required (or secretFile: secrets/retrain.key)
 *   cooldown: PT24H                                 # default PT24H, per alias and version
 * }</pre>
 *
 * <p>A URL is given once: {@code url} (literal), {@code urlEnv} (an environment variable) or {@code
 * urlFile} (a file relative to the icegate home). Secrets are given only by reference ({@code
 * secretEnv} or {@code secretFile}); the value is read when a delivery is made and appears in no
 * log, exception, table or report: records keep the URL's origin ({@code https://host:port}) or
 * the reference ({@code env:NAME}), and error texts are scrubbed of the URL, its token-like parts
 * and the secret. Unknown keys are errors with a line number, like the rest of the policy.
 *
 * <h2>Dedupe and cooldown</h2>
 *
 * <p>Within a model, notifications with the same dedupe key are one standing condition. The gate
 * fires a key when it has not fired (and been delivered) within the cooldown; otherwise it records
 * {@code suppressed} with {@code suppressed_until}. Every decision is a row of {@code
 * icegate.alert_log}, which is also the gate's state: a fired row is committed only if no row of
 * its key was added since the gate read them (Iceberg's conflict detection), so concurrent scans of
 * one drift page once. A fired notification that no channel accepted gets an {@code undelivered}
 * row and starts no cooldown, so the next scan tries again instead of staying silent for hours.
 *
 * <h2>Signature</h2>
 *
 * <p>Signed webhooks carry {@code X-Icegate-Timestamp} (Unix seconds) and {@code
 * X-Icegate-Signature: sha256=<hex>}, the HMAC-SHA256 of {@code <timestamp>.<raw body>} under the
 * shared secret, made afresh for each attempt. A receiver recomputes it over the raw bytes,
 * compares in constant time and refuses timestamps more than 5 minutes from its clock (see {@link
 * io.icegate.notify.WebhookSignature#verify}).
 */
package io.icegate.notify;
