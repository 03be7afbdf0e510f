package io.icegate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.gate.PolicyException;
import io.icegate.yaml.YamlProblem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifyPolicyReaderTest {

  @Test
  void readsTheDocumentedSections() {
    NotifyPolicy p = NotifyPolicyReader.parse("""
        version: "1"
        task: binary
        owners: [ml-team@example.com]
        alerts:
          owners: [ana@example.com, "#ml-oncall"]
          cooldown: PT4H
          channels:
            - name: oncall
              type: webhook
              url: https://alerts.example.com/icegate
              secretEnv: ICEGATE_ALERT_SECRET
            - type: slack
              urlEnv: ICEGATE_SLACK_WEBHOOK
            - name: audit
              type: webhook
              urlFile: secrets/audit-url
        retrain:
          webhook: https://ci.example.com/hooks/retrain
          secretFile: secrets/retrain.key
          cooldown: P2D
        """, "churn.yaml");

    AlertPolicy alerts = p.alerts();
    assertThat(alerts.owners()).containsExactly("ana@example.com", "#ml-oncall");
    assertThat(alerts.cooldown()).isEqualTo(Duration.ofHours(4));
    assertThat(alerts.channels()).containsExactly(
        new JsonWebhook("oncall", Endpoint.of("https://alerts.example.com/icegate"), SecretRef.env("ICEGATE_ALERT_SECRET")),
        new SlackWebhook("slack", Endpoint.from(SecretRef.env("ICEGATE_SLACK_WEBHOOK"))),
        new JsonWebhook("audit", Endpoint.from(SecretRef.file("secrets/audit-url")), null));
    assertThat(p.retrain()).isEqualTo(new RetrainPolicy(
        new RetrainWebhook(Endpoint.of("https://ci.example.com/hooks/retrain"), SecretRef.file("secrets/retrain.key")),
        Duration.ofDays(2)));
  }

  @Test
  void defaultsCooldownsAndOwners() {
    NotifyPolicy p = NotifyPolicyReader.parse("""
        owners: [ml-team@example.com]
        alerts:
          channels: [{type: webhook, url: "http://127.0.0.1:8080/hook"}]
        retrain:
          webhookEnv: RETRAIN_URL
          secretEnv: RETRAIN_SECRET
        """, "churn.yaml");
    assertThat(p.alerts().owners()).containsExactly("ml-team@example.com");
    assertThat(p.alerts().cooldown()).isEqualTo(AlertPolicy.DEFAULT_COOLDOWN).isEqualTo(Duration.ofHours(6));
    assertThat(p.retrain().cooldown()).isEqualTo(RetrainPolicy.DEFAULT_COOLDOWN);
    assertThat(NotifyPolicyReader.parse("version: \"1\"\n", "m.yaml")).isEqualTo(NotifyPolicy.NONE);
  }

  @Test
  void reportsEveryProblemWithItsLine() {
    assertThatThrownBy(() -> NotifyPolicyReader.parse("""
        alerts:
          cooldown: 6h
          channels:
            - type: slak
              url: https://hooks.example.com/x
            - type: slack
              url: https://hooks.example.com/x
              secretEnv: S
            - type: webhook
              url: https://a.example.com/
              urlEnv: B
            - type: webhook
              url: ftp://a.example.com/
            - type: webhook
              url: https://user:pw@a.example.com/
              secretFile: ../outside.key
        retrain:
          webhook: https://ci.example.com/
          cooldwn: PT1H
        """, "churn.yaml"))
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> assertThat(((PolicyException) e).problems()).extracting(YamlProblem::line, YamlProblem::message)
            .containsExactly(
                tuple(2, "cooldown must be an ISO-8601 duration such as PT6H, PT30M or P1D, found '6h'"),
                tuple(4, "unknown channel type 'slak'; did you mean 'slack'? (known: webhook, slack)"),
                tuple(8, "unknown field 'secretEnv' in a slack channel"),
                tuple(11, "give the URL once: url and urlEnv are both set"),
                tuple(13, "the webhook URL must start with https:// (or http://)"),
                tuple(15, "the webhook URL must not carry user:password; use a signing secret"),
                tuple(16, "secret file '../outside.key' must be a path inside the icegate home, e.g. secrets/retrain.key"),
                tuple(18, "the signing secret is missing: give secretEnv or secretFile"),
                tuple(19, "unknown field 'cooldwn' in retrain; did you mean 'cooldown'?")));
  }

  @Test
  void refusesDuplicateNamesAndAnEmptyChannelList() {
    assertThatThrownBy(() -> NotifyPolicyReader.parse("""
        alerts:
          channels:
            - {type: webhook, url: "https://a.example.com/"}
            - {type: webhook, url: "https://b.example.com/"}
        """, "m.yaml"))
        .hasMessage("m.yaml:4:7 alerts.channels[1]: two channels are named 'webhook'; give each a distinct 'name'");
    assertThatThrownBy(() -> NotifyPolicyReader.parse("alerts:\n  channels: []\n", "m.yaml"))
        .hasMessageContaining("alerts need at least one channel");
  }

  @Test
  void urlProblemsNeverQuoteTheUrl() {
    // a Slack URL pasted with a typo still carries its token: the message must not repeat it
    assertThatThrownBy(() -> NotifyPolicyReader.parse("""
        alerts:
          channels: [{type: slack, url: "hxxps://hooks.slack.com/services/T0/B0/tok3n"}]
        """, "m.yaml"))
        .isInstanceOf(PolicyException.class)
        .message().doesNotContain("tok3n").doesNotContain("hooks.slack.com");
  }

  @Test
  void secretReferencesPrintAsReferencesAndSecretsNever() {
    assertThat(SecretRef.env("RETRAIN_SECRET")).hasToString("env:RETRAIN_SECRET");
    assertThat(SecretRef.file("secrets/k")).hasToString("file:secrets/k");
    assertThat(new Secret("s3cr3t")).hasToString("[redacted]");
    assertThat(Endpoint.of("https://hooks.slack.com/services/T0/B0/tok3n?x=1").describe())
        .isEqualTo("https://hooks.slack.com");
    assertThat(Endpoint.of("http://127.0.0.1:8080/a").describe()).isEqualTo("http://127.0.0.1:8080");
    assertThat(List.of(new RetrainWebhook(Endpoint.from(SecretRef.env("U")), SecretRef.env("S"))).toString())
        .isEqualTo("[RetrainWebhook[endpoint=Endpoint[env:U], secret=env:S]]");
    assertThat(new SlackWebhook("s", Endpoint.of("https://hooks.slack.com/services/T0/B0/tok3n")).toString())
        .isEqualTo("SlackWebhook[name=s, endpoint=Endpoint[https://hooks.slack.com]]");
  }
}
