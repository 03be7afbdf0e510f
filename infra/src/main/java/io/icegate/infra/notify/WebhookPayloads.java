package io.icegate.infra.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.ingest.Json;
import io.icegate.notify.Alert;
import io.icegate.notify.Envelope;
import io.icegate.notify.RetrainTrigger;

/**
 * The JSON documents of the generic and retrain webhooks (shapes in the README, "Alerts and retrain
 * triggers"). Flat, with every key present (null when unset), so receivers can bind them to a type.
 */
final class WebhookPayloads {
  /** {@code type} of an alert document. */
  static final String ALERT_TYPE = "icegate.alert";
  /** {@code type} of a retrain document. */
  static final String RETRAIN_TYPE = "icegate.retrain";

  private WebhookPayloads() {}

  static byte[] alert(Envelope e, Alert a) throws JsonProcessingException {
    ObjectNode o = head(ALERT_TYPE, e);
    o.put("model", a.model());
    o.put("monitor", a.monitor());
    o.put("severity", a.severity().json());
    o.put("title", a.title());
    a.summary().forEach(o.putArray("summary")::add);
    ObjectNode facts = o.putObject("facts");
    a.facts().forEach(facts::put);
    o.put("reportUrl", a.reportUrl());
    o.put("dedupeKey", a.dedupeKey());
    e.owners().forEach(o.putArray("owners")::add);
    return Json.MAPPER.writeValueAsBytes(o);
  }

  static byte[] retrain(Envelope e, RetrainTrigger t) throws JsonProcessingException {
    ObjectNode o = head(RETRAIN_TYPE, e);
    o.put("model", t.model());
    o.put("alias", t.alias());
    o.put("version", t.version());
    o.put("monitor", t.monitor());
    o.put("reason", t.reason());
    o.set("drift", Json.MAPPER.valueToTree(t.drift()));
    o.put("reportUrl", t.reportUrl());
    o.put("dedupeKey", t.dedupeKey());
    return Json.MAPPER.writeValueAsBytes(o);
  }

  private static ObjectNode head(String type, Envelope e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", type);
    o.put("schemaVersion", 1); // bumped when a field changes meaning or goes away
    o.put("id", e.id());
    o.put("firedAt", e.firedAt().toString());
    return o;
  }
}
