package io.icegate.infra.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.ingest.Json;
import io.icegate.notify.Alert;
import io.icegate.notify.Envelope;
import io.icegate.notify.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An alert as a Slack incoming-webhook message: {@code text} (the notification and fallback line)
 * and Block Kit {@code blocks} within Slack's limits (header 150 characters, section text 3,000,
 * 10 fields of 2,000 per section, 50 blocks).
 */
final class SlackMessage {
  private static final int HEADER_MAX = 150;
  private static final int TEXT_MAX = 3000;
  private static final int FIELD_MAX = 2000;
  private static final int FIELDS_PER_SECTION = 10;
  /** Header, summary, link and context take four of Slack's 50 blocks; facts get the rest. */
  private static final int FACT_SECTIONS_MAX = 46;

  private SlackMessage() {}

  static byte[] of(Envelope e, Alert a) throws JsonProcessingException {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("text", "[" + a.severity().name() + "] " + a.model() + ": " + a.title());
    ArrayNode blocks = message.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("emoji", true)
        .put("text", cut(emoji(a.severity()) + " " + a.model() + ": " + a.title(), HEADER_MAX));

    if (!a.summary().isEmpty()) {
      List<String> bullets = new ArrayList<>();
      a.summary().forEach(line -> bullets.add("• " + escape(line)));
      mrkdwnSection(blocks, cut(String.join("\n", bullets), TEXT_MAX));
    }

    List<Map.Entry<String, String>> facts = new ArrayList<>(a.facts().entrySet());
    for (int from = 0, sections = 0; from < facts.size() && sections < FACT_SECTIONS_MAX;
        from += FIELDS_PER_SECTION, sections++) {
      ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
      for (Map.Entry<String, String> f : facts.subList(from, Math.min(from + FIELDS_PER_SECTION, facts.size()))) {
        fields.addObject().put("type", "mrkdwn")
            .put("text", cut("*" + escape(f.getKey()) + "*\n" + escape(f.getValue()), FIELD_MAX));
      }
    }

    if (a.reportUrl() != null) {
      mrkdwnSection(blocks, link(a.reportUrl()));
    }

    StringBuilder context = new StringBuilder("model *").append(escape(a.model())).append('*');
    if (a.monitor() != null) {
      context.append(" · monitor *").append(escape(a.monitor())).append('*');
    }
    context.append(" · severity *").append(a.severity().json()).append('*');
    if (!e.owners().isEmpty()) {
      context.append(" · owners: ").append(escape(String.join(", ", e.owners())));
    }
    context.append(" · icegate ").append(e.firedAt());
    blocks.addObject().put("type", "context").putArray("elements").addObject()
        .put("type", "mrkdwn").put("text", cut(context.toString(), TEXT_MAX));
    return Json.MAPPER.writeValueAsBytes(message);
  }

  private static void mrkdwnSection(ArrayNode blocks, String text) {
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", text);
  }

  /** A link for web URLs; other report locations (an object key) are shown as code. */
  private static String link(String url) {
    if (url.startsWith("https://") || url.startsWith("http://")) {
      // '|' and '>' end Slack's <url|label> syntax; percent-encoding keeps the URL intact
      String safe = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C");
      return "<" + safe + "|Open the report>";
    }
    return "Report: `" + escape(url) + "`";
  }

  /** Slack's mrkdwn treats &, < and > as markup: its docs ask for these three escapes. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String emoji(Severity s) {
    return switch (s) {
      case INFO -> ":information_source:";
      case WARNING -> ":warning:";
      case CRITICAL -> ":rotating_light:";
    };
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
