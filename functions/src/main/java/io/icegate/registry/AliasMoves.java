package io.icegate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.table.ScopedTable;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compare-and-swap on aliases: read a model's events at snapshot S, derive the alias, check the
 * expectation, and append the event only if no event of the model was committed since S. A lost
 * race re-reads: with an expectation the check then fails if the alias moved (and passes if the
 * winner touched another alias of the model); without one the move is retried on fresh state.
 */
final class AliasMoves {
  private static final Logger LOG = LoggerFactory.getLogger(AliasMoves.class);

  /** Where to point the alias, decided from its current state. */
  record Target(int version, String reason) {}

  private final EventLog events;
  private final Clock clock;

  AliasMoves(EventLog events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /** Appends a move of {@code alias}, with {@code decide} choosing the target from the current state. */
  RegistryEvent move(String actor, String model, String alias, Expected expected, String requestId,
      Action action, JsonNode details, Function<AliasState, Target> decide) {
    String by = Names.required("actor", actor);
    String reqId = Names.optional("request id", requestId);
    Expected expectation = expected == null ? Expected.anything() : expected;
    String pending = null;
    for (int attempt = 1; ; attempt++) {
      EventLog.Model log = events.read(model);
      Optional<RegistryEvent> mine = pending == null ? Optional.empty() : log.byId(pending);
      if (mine.isPresent()) {
        return mine.get();
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
      } catch (ScopedTable.Conflict lost) {
        Retry.after(attempt, action.json() + " alias '" + alias + "' of model '" + model + "'", lost);
      } catch (CommitStateUnknownException unknown) {
        LOG.warn("commit state unknown for event {} of model {}: re-reading", event.eventId(), model);
        pending = event.eventId();
      }
    }
  }

  private static RegistryEvent sameMove(RegistryEvent earlier, String alias, Action action) {
    if (earlier.action() != action || !alias.equals(earlier.alias())) {
      throw new RegistryException.Invalid("request id '" + earlier.requestId() + "' was already used for "
          + earlier.action().json() + (earlier.alias() == null ? "" : " of alias '" + earlier.alias() + "'")
          + " of model '" + earlier.model() + "' (event " + earlier.eventId() + ")");
    }
    return earlier;
  }
}
