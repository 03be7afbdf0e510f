package io.icegate.notify;

import java.util.Locale;

/** Something icegate tells the outside world: an {@link Alert} or a {@link RetrainTrigger}. */
public sealed interface Notification permits Alert, RetrainTrigger {

  /** The two kinds of notification. */
  enum Kind {
    ALERT,
    RETRAIN;

    /** The lower-case name used in headers, bodies and tables. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a table stores as {@link #json()}. */
    public static Kind fromJson(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  Kind kind();

  /** The model the notification is about. */
  String model();

  /** The monitor that raised it, or null. */
  String monitor();

  /** Within a model, notifications with the same key are one standing condition for cooldown. */
  String dedupeKey();

  /** One line saying what happened. */
  String title();

  /** Link to the HTML report, or null. */
  String reportUrl();
}
