package io.icegate.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The Functions host's TimerInfo JSON ({@code Schedule}, {@code ScheduleStatus}, {@code IsPastDue}):
 * checked, so that a timer function is not started by some other payload.
 *
 * @param pastDue the host fired late (after downtime)
 */
public record TimerInfo(boolean pastDue) {

  /** Parses the host's JSON; refuses anything without the TimerInfo fields. */
  public static TimerInfo parse(String json) {
    JsonNode node;
    try {
      node = JsonMapper.builder().build().readTree(json == null ? "" : json);
    } catch (IOException e) {
      throw new IllegalArgumentException("refused: TimerInfo is not JSON");
    }
    if (node == null || !node.isObject() || !node.has("IsPastDue")
        || !(node.has("Schedule") || node.has("ScheduleStatus"))) {
      throw new IllegalArgumentException("refused: not a TimerInfo (Schedule/ScheduleStatus, IsPastDue expected)");
    }
    return new TimerInfo(node.path("IsPastDue").asBoolean(false));
  }
}
