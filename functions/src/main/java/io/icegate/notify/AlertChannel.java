package io.icegate.notify;

/** Where the alerts of a model go: a generic JSON webhook or a Slack-compatible incoming webhook. */
public sealed interface AlertChannel permits JsonWebhook, SlackWebhook {

  /** The channel's name in the policy, recorded with each delivery. */
  String name();

  /** Where it posts. */
  Endpoint endpoint();

  /** {@code webhook} or {@code slack}, as written in the policy. */
  String type();
}
