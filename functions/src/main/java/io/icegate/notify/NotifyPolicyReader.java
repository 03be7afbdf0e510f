package io.icegate.notify;

import io.icegate.gate.PolicyException;
import io.icegate.yaml.Nodes;
import io.icegate.yaml.Problems;
import io.icegate.yaml.Suggestions;
import io.icegate.yaml.YamlDocs;
import io.icegate.yaml.YamlMap;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code alerts} and {@code retrain} sections of {@code config/policies/<model>.yaml}
 * (format in the package documentation). Like the rest of the policy, every problem has a line,
 * all are reported at once, and unknown keys are refused.
 */
public final class NotifyPolicyReader {

  /** The top-level keys this reader owns in a policy. */
  public static final Set<String> SECTIONS = Set.of("alerts", "retrain");

  private static final Set<String> ALERTS = Set.of("owners", "channels", "cooldown");
  private static final Set<String> TYPES = Set.of(JsonWebhook.TYPE, SlackWebhook.TYPE);
  private static final List<String> URL_KEYS = List.of("url", "urlEnv", "urlFile");
  private static final List<String> SECRET_KEYS = List.of("secretEnv", "secretFile");
  private static final Set<String> WEBHOOK = Set.of("name", "type", "url", "urlEnv", "urlFile", "secretEnv", "secretFile");
  private static final Set<String> SLACK = Set.of("name", "type", "url", "urlEnv", "urlFile");
  private static final Set<String> RETRAIN = Set.of("webhook", "webhookEnv", "webhookFile", "secretEnv", "secretFile", "cooldown");

  private NotifyPolicyReader() {}

  /**
   * Reads both sections from a whole policy document, ignoring its other keys; {@code alerts.owners}
   * defaults to the policy's top-level {@code owners}.
   *
   * @throws PolicyException listing every problem in the two sections
   */
  public static NotifyPolicy parse(String yaml, String sourceName) {
    Problems problems = new Problems();
    NotifyPolicy policy = YamlDocs.compose(yaml, sourceName, "the policy", "a model policy", problems)
        .flatMap(root -> YamlMap.of(root, "", problems))
        .map(top -> read(top, texts(top, "owners", problems), problems))
        .orElse(null);
    if (problems.count() > 0) {
      throw new PolicyException(sourceName, problems.sorted());
    }
    return policy;
  }

  /** Reads both sections of an already composed policy; problems go to {@code problems}. */
  public static NotifyPolicy read(YamlMap top, List<String> policyOwners, Problems problems) {
    AlertPolicy alerts = top.map("alerts").map(a -> alerts(a, policyOwners, problems)).orElse(null);
    RetrainPolicy retrain = top.map("retrain").map(r -> retrain(r, problems)).orElse(null);
    return new NotifyPolicy(alerts, retrain);
  }

  private static AlertPolicy alerts(YamlMap a, List<String> policyOwners, Problems problems) {
    a.rejectUnknown(ALERTS, "alerts");
    List<String> owners = a.get("owners").isPresent() ? texts(a, "owners", problems) : policyOwners;
    Duration cooldown = duration(a, "cooldown", AlertPolicy.DEFAULT_COOLDOWN, problems);
    List<AlertChannel> channels = new ArrayList<>();
    List<Node> nodes = a.list("channels");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String path = a.path("channels") + "[" + i + "]";
      AlertChannel c = YamlMap.of(node, path, problems).map(m -> channel(m, problems)).orElse(null);
      if (c != null && !names.add(c.name())) {
        problems.add(node, path, "two channels are named '" + c.name() + "'; give each a distinct 'name'");
      } else if (c != null) {
        channels.add(c);
      }
    }
    if (nodes.isEmpty()) {
      problems.add(a.get("channels").orElse(a.node()), a.path("channels"),
          "alerts need at least one channel (type: webhook or slack, with url or urlEnv)");
    }
    // with problems the whole policy is refused, so a partial section is never used
    return channels.isEmpty() ? null : new AlertPolicy(owners, channels, cooldown);
  }

  private static AlertChannel channel(YamlMap c, Problems problems) {
    String type = c.requiredText("type");
    if (type == null) {
      return null;
    }
    if (!TYPES.contains(type)) {
      problems.add(c.raw("type"), c.path("type"), "unknown channel type '" + type + "'"
          + Suggestions.didYouMean(type, TYPES) + " (known: webhook, slack)");
      return null;
    }
    boolean slack = type.equals(SlackWebhook.TYPE);
    c.rejectUnknown(slack ? SLACK : WEBHOOK, "a " + type + " channel");
    String name = Optional.ofNullable(c.text("name")).orElse(type);
    Endpoint endpoint = endpoint(c, URL_KEYS, problems);
    SecretRef secret = slack ? null : secret(c, false, problems);
    if (endpoint == null) {
      return null;
    }
    return slack ? new SlackWebhook(name, endpoint) : new JsonWebhook(name, endpoint, secret);
  }

  private static RetrainPolicy retrain(YamlMap r, Problems problems) {
    r.rejectUnknown(RETRAIN, "retrain");
    Endpoint endpoint = endpoint(r, List.of("webhook", "webhookEnv", "webhookFile"), problems);
    SecretRef secret = secret(r, true, problems);
    Duration cooldown = duration(r, "cooldown", RetrainPolicy.DEFAULT_COOLDOWN, problems);
    return endpoint == null || secret == null ? null : new RetrainPolicy(new RetrainWebhook(endpoint, secret), cooldown);
  }

  /** Exactly one of {@code keys}: a literal URL, an environment variable, a file in the home. */
  private static Endpoint endpoint(YamlMap m, List<String> keys, Problems problems) {
    String key = exactlyOne(m, keys, true, "the URL", problems);
    if (key == null) {
      return null;
    }
    String text = m.text(key);
    if (text == null) {
      return null;
    }
    try {
      return key.equals(keys.get(0)) ? Endpoint.of(text) : Endpoint.from(ref(key, text));
    } catch (IllegalArgumentException e) {
      problems.add(m.raw(key), m.path(key), e.getMessage());
      return null;
    }
  }

  private static SecretRef secret(YamlMap m, boolean required, Problems problems) {
    String key = exactlyOne(m, SECRET_KEYS, required, "the signing secret", problems);
    String text = key == null ? null : m.text(key);
    if (text == null) {
      return null;
    }
    try {
      return ref(key, text);
    } catch (IllegalArgumentException e) {
      problems.add(m.raw(key), m.path(key), e.getMessage());
      return null;
    }
  }

  private static SecretRef ref(String key, String text) {
    return key.endsWith("Env") ? SecretRef.env(text) : SecretRef.file(text);
  }

  private static String exactlyOne(YamlMap m, List<String> keys, boolean required, String what, Problems problems) {
    List<String> present = keys.stream().filter(k -> m.get(k).isPresent()).toList();
    if (present.size() > 1) {
      problems.add(m.raw(present.get(1)), m.path(present.get(1)),
          "give " + what + " once: " + String.join(" and ", present) + " are both set");
      return null;
    }
    if (present.isEmpty()) {
      if (required) {
        problems.add(m.node(), m.path(keys.get(0)), what + " is missing: give " + String.join(", ", keys.subList(0, keys.size() - 1))
            + " or " + keys.get(keys.size() - 1));
      }
      return null;
    }
    return present.get(0);
  }

  private static Duration duration(YamlMap m, String key, Duration fallback, Problems problems) {
    String text = m.text(key);
    if (text == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative()) {
        problems.add(m.raw(key), m.path(key), key + " must not be negative, found " + text);
        return fallback;
      }
      return d;
    } catch (DateTimeParseException e) {
      problems.add(m.raw(key), m.path(key), key + " must be an ISO-8601 duration such as PT6H, PT30M or P1D,"
          + " found '" + text + "'");
      return fallback;
    }
  }

  private static List<String> texts(YamlMap m, String key, Problems problems) {
    List<String> out = new ArrayList<>();
    List<Node> nodes = m.list(key);
    for (int i = 0; i < nodes.size(); i++) {
      Optional.ofNullable(Nodes.text(nodes.get(i), m.path(key) + "[" + i + "]", problems)).ifPresent(out::add);
    }
    return List.copyOf(out);
  }
}
