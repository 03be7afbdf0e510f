package io.icegate.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.icegate.feedback.FeedbackException;
import io.icegate.gate.GateException;
import io.icegate.gate.MetricException;
import io.icegate.gate.PolicyException;
import io.icegate.monitor.MonitorException;
import io.icegate.registry.AliasConflictException;
import io.icegate.registry.AliasState;
import io.icegate.registry.RegistryException;
import io.icegate.yaml.YamlProblem;
import java.util.List;
import java.util.Locale;

/**
 * A request the registry or the gate refused, as {@code --json} prints it on stdout so a script
 * can branch on {@code reason} without parsing the message.
 *
 * @param refused always true
 * @param reason invalid, not_found, conflict or forbidden (the HTTP API's 422, 404, 409, 403)
 * @param message the domain's message, as on stderr
 * @param problems a refused policy's problems with their lines, else absent
 * @param current where the alias points, when a compare-and-swap lost, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Refusal(boolean refused, String reason, String message, List<YamlProblem> problems, AliasState current) {

  /** The refusal an exception stands for, or null when it is not a domain refusal. */
  static Refusal of(Throwable e) {
    if (e instanceof GateException g) {
      return new Refusal(true, g.reason().name().toLowerCase(Locale.ROOT), g.getMessage(), null, null);
    }
    if (e instanceof AliasConflictException c) {
      return new Refusal(true, "conflict", c.getMessage(), null, c.current());
    }
    if (e instanceof RegistryException r) {
      return new Refusal(true, r instanceof RegistryException.NotFound ? "not_found" : "invalid", r.getMessage(),
          null, null);
    }
    if (e instanceof PolicyException p) {
      return new Refusal(true, "invalid", p.getMessage(), p.problems(), null);
    }
    if (e instanceof FeedbackException f) {
      return new Refusal(true, "invalid", f.getMessage(), null, null);
    }
    if (e instanceof MonitorException m) {
      return new Refusal(true, m.reason().name().toLowerCase(Locale.ROOT), m.getMessage(), null, null);
    }
    if (e instanceof MetricException m) {
      return new Refusal(true, "invalid", m.getMessage(), null, null);
    }
    return null;
  }
}
