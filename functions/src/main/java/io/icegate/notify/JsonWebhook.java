package io.icegate.notify;

/**
 * A generic JSON webhook: the alert as an {@code icegate.alert} JSON document, signed with
 * HMAC-SHA256 ({@link WebhookSignature}) when a secret is configured.
 *
 * @param name the channel's name
 * @param endpoint where it posts
 * @param secret the signing key, or null to send unsigned
 */
public record JsonWebhook(String name, Endpoint endpoint, SecretRef secret) implements AlertChannel {

  /** The type name in the policy. */
  public static final String TYPE = "webhook";

  public JsonWebhook {
    Checks.text(name, "name");
    java.util.Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
