package io.icegate.notify;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): the alert as a message with
 * {@code text} and Block Kit {@code blocks}. Its URL usually embeds the token, so policies should
 * give it by reference ({@code urlEnv}).
 *
 * @param name the channel's name
 * @param endpoint where it posts
 */
public record SlackWebhook(String name, Endpoint endpoint) implements AlertChannel {

  /** The type name in the policy. */
  public static final String TYPE = "slack";

  public SlackWebhook {
    Checks.text(name, "name");
    java.util.Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
