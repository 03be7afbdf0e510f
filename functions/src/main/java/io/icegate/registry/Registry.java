package io.icegate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The model registry over {@code icegate.model_versions} and the audit log
 * {@code icegate.registry_events}. Nothing is updated in place: registrations and alias moves
 * append rows, and aliases are derived from the log. Writes are optimistic per model (see
 * {@link io.icegate.table.ScopedTable}); promotion policy (gates, override scopes) is layered on top by the
 * caller, which only needs {@link #moveAlias} and {@link #rollback}.
 */
public final class Registry {
  private final VersionStore versions;
  private final EventLog events;
  private final Registrar registrar;
  private final AliasMoves moves;
  private final LineageReader lineage;

  /** A registry over the system tables, reading artifacts from {@code store}; safe to share across threads. */
  public Registry(IcegateTables tables, ObjectStore store, Clock clock) {
    this.versions = new VersionStore(tables);
    this.events = new EventLog(tables);
    this.registrar = new Registrar(versions, events, new Artifacts(store), new TrainingData(tables), clock);
    this.moves = new AliasMoves(events, clock);
    this.lineage = new LineageReader(tables);
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
    return registrar.register(actor, request, requestId);
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

  /** Every alias of a model, by name. */
  public List<AliasState> aliases(String model) {
    return List.copyOf(AliasHistory.all(model, events(model)).values());
  }

  /** Where one alias points. */
  public AliasState alias(String model, String alias) {
    Names.name("alias", alias);
    AliasState state = AliasHistory.state(model, alias, events(model));
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
    return moves.move(actor, model, alias, expectedCurrent, requestId, action, details,
        state -> new AliasMoves.Target(targetVersion, why));
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
    return moves.move(actor, model, alias, expectedCurrent, requestId, Action.ROLLBACK, null, state -> {
      if (state.version() == null) {
        throw new RegistryException.Invalid("alias '" + alias + "' of model '" + model
            + "' is not set: there is nothing to roll back");
      }
      if (state.rollbackTarget() == null) {
        throw new RegistryException.Invalid("alias '" + alias + "' of model '" + model + "' has no earlier target"
            + " to roll back to: version " + state.version() + " is the first it pointed at (since "
            + state.movedAt() + ", " + state.lastAction().json() + " by " + state.movedBy() + ")");
      }
      return new AliasMoves.Target(state.rollbackTarget(), why);
    });
  }

  /** The lineage of a version: artifact, code commit, training snapshot and the uploads behind it. */
  public Lineage lineage(String model, int version) {
    return lineage.read(version(model, version));
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
}
