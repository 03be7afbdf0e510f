package io.icegate.registry;

import io.icegate.table.IcegateTables;
import io.icegate.table.ScopedTable;
import io.icegate.table.ScopedTable.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The append-only audit log {@code icegate.registry_events}, read and appended per model. */
final class EventLog {

  /** A model's events as of one snapshot, in seq order, with what the next event would get. */
  record Model(ScopedTable.View view, List<RegistryEvent> events) {

    /** The seq the next event of this model gets. */
    long nextSeq() {
      return events.isEmpty() ? 1 : events.get(events.size() - 1).seq() + 1;
    }

    /**
     * The time of the next event: now, but never earlier than (nor equal to) the model's last
     * event, so time order and commit order agree within a model even across skewed clocks.
     */
    Instant nextAt(Clock clock) {
      Instant now = Rows.micros(clock.instant());
      if (events.isEmpty()) {
        return now;
      }
      Instant floor = events.get(events.size() - 1).at().plus(1, ChronoUnit.MICROS);
      return now.isBefore(floor) ? floor : now;
    }

    /** The event with this id, if it was committed. */
    Optional<RegistryEvent> byId(String eventId) {
      return events.stream().filter(e -> e.eventId().equals(eventId)).findFirst();
    }

    /** The event a request with this id committed, if any. */
    Optional<RegistryEvent> byRequest(String requestId) {
      return requestId == null ? Optional.empty()
          : events.stream().filter(e -> requestId.equals(e.requestId())).findFirst();
    }
  }

  /** All models' events: by time, then event id. */
  static final Comparator<RegistryEvent> TIME_ORDER =
      Comparator.comparing(RegistryEvent::at).thenComparing(RegistryEvent::eventId);

  private final ScopedTable table;

  EventLog(IcegateTables tables) {
    this.table = new ScopedTable(tables::registryEvents, "model");
  }

  /** The model's events at the current snapshot. */
  Model read(String model) {
    ScopedTable.View view = table.read(Scope.of("model", model));
    return new Model(view, view.rows().stream().map(Rows::event)
        .sorted(Comparator.comparingLong(RegistryEvent::seq)).toList());
  }

  /** Every event, by time then event id. */
  List<RegistryEvent> readAll() {
    return table.read(Scope.all()).rows().stream().map(Rows::event).sorted(TIME_ORDER).toList();
  }

  /** Appends {@code event} if no event of its model was committed since {@code model} was read. */
  void append(Model model, RegistryEvent event) throws ScopedTable.Conflict {
    table.append(model.view(), Scope.of("model", event.model()),
        List.of(Rows.event(model.view().table(), event)),
        Map.of("icegate.event-id", event.eventId(), "icegate.model", event.model(),
            "icegate.action", event.action().json()));
  }

  /** A fresh event id. */
  static String newId() {
    return UUID.randomUUID().toString();
  }
}
