package io.icegate.notify;

import java.util.Objects;

/**
 * The retrain trigger's receiver: an {@code icegate.retrain} JSON document, always signed with
 * HMAC-SHA256 because it starts work (and spends money) on the receiving side.
 *
 * @param endpoint where it posts
 * @param secret the signing key, required
 */
public record RetrainWebhook(Endpoint endpoint, SecretRef secret) {

  /** The channel name recorded with deliveries. */
  public static final String NAME = "retrain";

  public RetrainWebhook {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(secret, "a retrain webhook needs a signing secret");
  }
}
