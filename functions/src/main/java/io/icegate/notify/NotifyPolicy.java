package io.icegate.notify;

/**
 * The notification sections of a model policy; either may be absent (null).
 *
 * @param alerts the {@code alerts} section, or null: drift is recorded but nobody is told
 * @param retrain the {@code retrain} section, or null: no retrain trigger
 */
public record NotifyPolicy(AlertPolicy alerts, RetrainPolicy retrain) {

  /** A policy without either section. */
  public static final NotifyPolicy NONE = new NotifyPolicy(null, null);
}
