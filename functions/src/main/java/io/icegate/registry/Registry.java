package io.icegate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.ingest.Json;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry over {@code icegate.model_versions} and the audit log
 * {@code icegate.registry_events}. Nothing is updated in place: registrations and alias moves
 * append rows, and aliases are derived from the log. Writes are optimistic per model (see
 * {@link ModelScopedTable}); promotion policy (gates, override scopes) is layered on top by the
 * caller, which only needs {@link #moveAlias} and {@link #rollback}.
 */
public final class Registry {
  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
  /** Per-model write attempts before giving up; each lost round means another writer won. */
  private static final int MAX_ATTEMPTS = 200;

  private final VersionStore versions;
  private final EventLog events;
  private final Artifacts artifacts;
  private final TrainingData training;
  private final LineageReader lineage;
  private final Clock clock;

  public Registry(IcegateTables tables, ObjectStore store, Clock clock) {
    this.versions = new VersionStore(tables);
    this.events = new EventLog(tables);
    this.artifacts = new Artifacts(store);
    this.training = new TrainingData(tables);
    this.lineage = new LineageReader(tables);
    this.clock = clock;
  }

  /** The tag icegate puts on the training snapshot of a version. */
  public static String trainingTag(String model, int version) {
    return "icegate-model-" + model + "-v" + version;
  }

  /**
   * Registers the next version of a model: verifies the artifact's sha256 while streaming it from
   * the store, resolves the training snapshot, appends the version (retrying when concurrent
   * registrations of the model win first), tags the training snapshot and logs a register event.
   * Repeating a request id returns the version it registered, completing its tag and event if an
   * earlier attempt stopped half way.
   */
  public ModelVersion register(String actor, RegisterRequest request, String requestId) {
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
          data.dataset(), data.snapshotId(), trainingTag(model, next), data.ref(), commit, params,
          request.metrics(), owners, description, by, Rows.micros(clock.instant()), reqId);
      try {
        versions.append(current, candidate);
        registered = candidate;
      } catch (ModelScopedTable.Conflict lost) {
        giveUpAfter(attempt, "register a version of model '" + model + "'", lost);
      } catch (CommitStateUnknownException unknown) {
        // found on the next read if it landed (by request id, or as the version we wrote)
        LOG.warn("commit state unknown registering {} v{}: re-reading", model, next);
        if (reqId == null) {
          registered = versions.read(model).get(next).filter(v -> v.equals(candidate)).orElse(null);
        }
      }
    }
    training.tag(registered.dataset(), registered.trainingTag(), registered.trainingSnapshotId());
    logRegistration(registered);
    return registered;
  }

  /** Every version of a model, oldest first. */
  public List<ModelVersion> versions(String model) {
    List<ModelVersion> all = versions.read(Names.name("model", model)).versions();
    if (all.isEmpty()) {
      throw noModel(model);
    }
    return all;
  }

  /** One version of a model. */
  public ModelVersion version(String model, int version) {
    return version(versions.read(Names.name("model", model)), model, version);
  }

  /** Every model with its version count, latest version and aliases, by name. */
  public List<ModelSummary> models() {
    Map<String, List<ModelVersion>> byModel = versions.readAll().stream()
        .collect(Collectors.groupingBy(ModelVersion::model, TreeMap::new, Collectors.toList()));
    Map<String, List<RegistryEvent>> eventsByModel = events.readAll().stream()
        .collect(Collectors.groupingBy(RegistryEvent::model));
    List<ModelSummary> out = new ArrayList<>();
    byModel.forEach((model, vs) -> {
      ModelVersion latest = vs.get(vs.size() - 1);
      List<RegistryEvent> log = eventsByModel.getOrDefault(model, List.of()).stream()
          .sorted(Comparator.comparingLong(RegistryEvent::seq)).toList();
      SortedMap<String, Integer> aliases = new TreeMap<>();
      AliasHistory.all(model, log).forEach((alias, state) -> {
        if (state.version() != null) {
          aliases.put(alias, state.version());
        }
      });
      out.add(new ModelSummary(model, vs.size(), latest.version(), latest.registeredAt(), latest.owners(), aliases));
    });
    return out;
  }

  /** Every alias a model has ever had, by name; those rolled back to nothing show version null. */
  public List<AliasState> aliases(String model) {
    Names.name("model", model);
    requireModel(model);
    return List.copyOf(AliasHistory.all(model, events.read(model).events()).values());
  }

  /** Where one alias points. */
  public AliasState alias(String model, String alias) {
    Names.name("model", model);
    Names.name("alias", alias);
    requireModel(model);
    AliasState state = AliasHistory.state(model, alias, events.read(model).events());
    if (state.lastAction() == null) {
      throw new RegistryException.NotFound("model '" + model + "' has no alias '" + alias + "'");
    }
    return state;
  }

  /** A model's audit log in commit order. */
  public List<RegistryEvent> events(String model) {
    Names.name("model", model);
    List<RegistryEvent> log = events.read(model).events();
    if (log.isEmpty()) {
      requireModel(model);
    }
    return log;
  }

  /** The whole audit log, by time then event id. */
  public List<RegistryEvent> events() {
    return events.readAll();
  }

  /** {@link #moveAlias(String, String, String, int, Expected, String, String, Action, JsonNode)} without details. */
  public RegistryEvent moveAlias(String actor, String model, String alias, int targetVersion, Expected expectedCurrent,
      String reason, String requestId, Action action) {
    return moveAlias(actor, model, alias, targetVersion, expectedCurrent, reason, requestId, action, null);
  }

  /**
   * Points {@code alias} at {@code targetVersion} by appending a promote or override event
   * (compare-and-swap). With an expectation, a writer that moved the alias first makes this fail
   * with {@link AliasConflictException}; without one, lost races are retried on fresh state.
   * {@code details} (e.g. the gate decision the caller checked) is stored with the event.
   * Repeating a request id returns the event it committed.
   */
  public RegistryEvent moveAlias(String actor, String model, String alias, int targetVersion, Expected expectedCurrent,
      String reason, String requestId, Action action, JsonNode details) {
    if (action != Action.PROMOTE && action != Action.OVERRIDE) {
      throw new IllegalArgumentException("moveAlias records promote or override, not " + action.json()
          + " (use rollback or register)");
    }
    Names.name("model", model);
    Names.name("alias", alias);
    version(versions.read(model), model, targetVersion);
    String why = action == Action.OVERRIDE ? Names.required("reason (an override must say why)", reason)
        : Names.optional("reason", reason);
    return commitMove(actor, model, alias, expectedCurrent, requestId, action, details,
        state -> new Target(targetVersion, why));
  }

  /**
   * Moves {@code alias} back to the target it had before its latest move still in effect, per the
   * audit log. A second rollback goes one step further back (undo-stack semantics, see
   * {@link AliasHistory}); it is refused when the alias has no earlier target.
   */
  public RegistryEvent rollback(String actor, String model, String alias, Expected expectedCurrent, String reason,
      String requestId) {
    Names.name("model", model);
    Names.name("alias", alias);
    requireModel(model);
    String why = Names.optional("reason", reason);
    return commitMove(actor, model, alias, expectedCurrent, requestId, Action.ROLLBACK, null, state -> {
      if (state.version() == null) {
        throw new RegistryException.Invalid("alias '" + alias + "' of model '" + model
            + "' is not set: there is nothing to roll back");
      }
      if (state.rollbackTarget() == null) {
        throw new RegistryException.Invalid("alias '" + alias + "' of model '" + model + "' has no earlier target"
            + " to roll back to: version " + state.version() + " is the first it pointed at (since "
            + state.movedAt() + ", " + state.lastAction().json() + " by " + state.movedBy() + ")");
      }
      return new Target(state.rollbackTarget(), why);
    });
  }

  /** The lineage of a version: artifact, code commit, training snapshot and the uploads behind it. */
  public Lineage lineage(String model, int version) {
    return lineage.read(version(model, version));
  }

  private record Target(int version, String reason) {}

  private RegistryEvent commitMove(String actor, String model, String alias, Expected expected, String requestId,
      Action action, JsonNode details, Function<AliasState, Target> decide) {
    String by = Names.required("actor", actor);
    String reqId = Names.optional("request id", requestId);
    Expected expectation = expected == null ? Expected.anything() : expected;
    String pending = null;
    for (int attempt = 1; ; attempt++) {
      EventLog.Model log = events.read(model);
      if (pending != null && log.byId(pending).isPresent()) {
        return log.byId(pending).get();
      }
      Optional<RegistryEvent> replay = log.byRequest(reqId);
      if (replay.isPresent()) {
        return sameMove(replay.get(), alias, action);
      }
      AliasState state = AliasHistory.state(model, alias, log.events());
      if (!expectation.matches(state.version())) {
        throw new AliasConflictException(model, alias, expectation, state);
      }
      Target target = decide.apply(state);
      RegistryEvent event = new RegistryEvent(EventLog.newId(), model, log.nextSeq(), action, alias, target.version(),
          state.version(), by, target.reason(), reqId, log.nextAt(clock), details);
      try {
        events.append(log, event);
        return event;
      } catch (ModelScopedTable.Conflict lost) {
        // re-read: with an expectation the check above now fails if the alias moved, and passes
        // if the winner touched another alias of the model
        giveUpAfter(attempt, action.json() + " alias '" + alias + "' of model '" + model + "'", lost);
      } catch (CommitStateUnknownException unknown) {
        LOG.warn("commit state unknown for event {} of model {}: re-reading", event.eventId(), model);
        pending = event.eventId();
      }
    }
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
      } catch (ModelScopedTable.Conflict lost) {
        giveUpAfter(attempt, "log the registration of " + v.model() + " v" + v.version(), lost);
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

  private static RegistryEvent sameMove(RegistryEvent earlier, String alias, Action action) {
    if (earlier.action() != action || !Objects.equals(earlier.alias(), alias)) {
      throw new RegistryException.Invalid("request id '" + earlier.requestId() + "' was already used for "
          + earlier.action().json() + (earlier.alias() == null ? "" : " of alias '" + earlier.alias() + "'")
          + " of model '" + earlier.model() + "' (event " + earlier.eventId() + ")");
    }
    return earlier;
  }

  private static ModelVersion version(VersionStore.Model all, String model, int version) {
    if (all.versions().isEmpty()) {
      throw noModel(model);
    }
    return all.get(version).orElseThrow(() -> new RegistryException.NotFound("model '" + model + "' has no version "
        + version + " (it has versions 1 to " + all.versions().get(all.versions().size() - 1).version() + ")"));
  }

  private void requireModel(String model) {
    if (versions.read(model).versions().isEmpty()) {
      throw noModel(model);
    }
  }

  private static RegistryException.NotFound noModel(String model) {
    return new RegistryException.NotFound("no model named '" + model + "' is registered");
  }

  private static void giveUpAfter(int attempt, String what, ModelScopedTable.Conflict lost) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new IllegalStateException("could not " + what + " after " + attempt
          + " attempts: other writers kept winning", lost);
    }
    TrainingData.pause(attempt);
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
