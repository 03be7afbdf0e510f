package io.icegate.registry;

import io.icegate.ingest.Json;
import io.icegate.table.ScopedTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers model versions: verify the artifact, resolve the training snapshot, append the next
 * version (optimistic, retried), tag the snapshot, log the register event.
 *
 * <p>The three writes are not one transaction (they touch three tables). The version row comes
 * first because it allocates the number; tag and event follow and are idempotent, so repeating the
 * request id after a crash completes them.
 */
final class Registrar {
  private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

  private final VersionStore versions;
  private final EventLog events;
  private final Artifacts artifacts;
  private final TrainingData training;
  private final Clock clock;

  Registrar(VersionStore versions, EventLog events, Artifacts artifacts, TrainingData training, Clock clock) {
    this.versions = versions;
    this.events = events;
    this.artifacts = artifacts;
    this.training = training;
    this.clock = clock;
  }

  ModelVersion register(String actor, RegisterRequest request, String requestId) {
    if (request == null) {
      throw new RegistryException.Invalid("registration is missing");
    }
    String by = Names.required("actor", actor);
    String model = Names.name("model", request.model());
    String sha = Names.sha256(request.sha256());
    String commit = Names.required("code commit", request.codeCommit());
    String description = Names.optional("description", request.description());
    String reqId = Names.optional("request id", requestId);
    List<String> owners = owners(request.owners());
    Map<String, String> params = params(request.params());
    Artifacts.Verified artifact = artifacts.verify(request.artifact(), sha);
    TrainingData.Resolved data = training.resolve(request.dataset(), request.snapshotId(), request.ref());

    ModelVersion registered = null;
    for (int attempt = 1; registered == null; attempt++) {
      VersionStore.Model current = versions.read(model);
      Optional<ModelVersion> replay = current.byRequest(reqId);
      if (replay.isPresent()) {
        registered = sameRegistration(replay.get(), artifact, data);
        break;
      }
      int next = current.next();
      ModelVersion candidate = new ModelVersion(model, next, artifact.uri(), artifact.sha256(), artifact.bytes(),
          data.dataset(), data.snapshotId(), Registry.trainingTag(model, next), data.ref(), commit, params,
          request.metrics(), owners, description, by, Rows.micros(clock.instant()), reqId);
      try {
        versions.append(current, candidate);
        registered = candidate;
      } catch (ScopedTable.Conflict lost) {
        Retry.after(attempt, "register a version of model '" + model + "'", lost);
      } catch (CommitStateUnknownException unknown) {
        // with a request id the next read finds it; without, look for exactly what was written
        LOG.warn("commit state unknown registering {} v{}: re-reading", model, next);
        if (reqId == null) {
          registered = versions.read(model).get(next).filter(candidate::equals).orElse(null);
        }
      }
    }
    training.tag(registered.dataset(), registered.trainingTag(), registered.trainingSnapshotId());
    logRegistration(registered);
    return registered;
  }

  /** Appends the register event of a version unless an earlier attempt did. */
  private void logRegistration(ModelVersion v) {
    String pending = null;
    for (int attempt = 1; ; attempt++) {
      EventLog.Model log = events.read(v.model());
      boolean logged = log.events().stream()
          .anyMatch(e -> e.action() == Action.REGISTER && Objects.equals(e.version(), v.version()));
      if (logged || (pending != null && log.byId(pending).isPresent())) {
        return;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("artifactUri", v.artifactUri());
      details.put("artifactSha256", v.artifactSha256());
      details.put("dataset", v.dataset());
      details.put("trainingSnapshotId", v.trainingSnapshotId());
      details.put("trainingTag", v.trainingTag());
      details.put("codeCommit", v.codeCommit());
      RegistryEvent event = new RegistryEvent(EventLog.newId(), v.model(), log.nextSeq(), Action.REGISTER, null,
          v.version(), null, v.registeredBy(), null, v.requestId(), log.nextAt(clock),
          Json.MAPPER.valueToTree(details));
      try {
        events.append(log, event);
        return;
      } catch (ScopedTable.Conflict lost) {
        Retry.after(attempt, "log the registration of " + v.model() + " v" + v.version(), lost);
      } catch (CommitStateUnknownException unknown) {
        pending = event.eventId();
      }
    }
  }

  private static ModelVersion sameRegistration(ModelVersion earlier, Artifacts.Verified artifact,
      TrainingData.Resolved data) {
    if (!earlier.artifactSha256().equals(artifact.sha256()) || earlier.trainingSnapshotId() != data.snapshotId()
        || !earlier.dataset().equals(data.dataset())) {
      throw new RegistryException.Invalid("request id '" + earlier.requestId() + "' already registered version "
          + earlier.version() + " of model '" + earlier.model() + "' with a different artifact or training snapshot");
    }
    return earlier;
  }

  private static List<String> owners(List<String> owners) {
    List<String> out = new ArrayList<>();
    for (String o : owners == null ? List.<String>of() : owners) {
      out.add(Names.required("owner", o));
    }
    return out;
  }

  private static Map<String, String> params(Map<String, String> params) {
    Map<String, String> out = new TreeMap<>();
    if (params != null) {
      params.forEach((k, v) -> {
        String name = Names.required("param name", k);
        if (v == null) {
          throw new RegistryException.Invalid("param '" + Names.printable(name) + "' has no value");
        }
        if (v.length() > Names.MAX_TEXT) {
          throw new RegistryException.Invalid("param '" + Names.printable(name) + "' is longer than "
              + Names.MAX_TEXT + " characters");
        }
        out.put(name, v);
      });
    }
    return out;
  }
}
