package io.icegate.registry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Derives aliases from a model's audit log, the single source of truth.
 *
 * <p>Each alias is a stack of targets: a promote or override pushes its version (unless the alias
 * already points there), a rollback pops. The alias points at the top; a rollback restores the
 * entry below it. So a second rollback goes further back in history instead of returning to the
 * version the first one left: it undoes moves one by one, like an undo stack.
 */
final class AliasHistory {
  private AliasHistory() {}

  /** The alias's state after {@code events} (one model's, in seq order). */
  static AliasState state(String model, String alias, List<RegistryEvent> events) {
    Deque<Integer> targets = new ArrayDeque<>();
    RegistryEvent last = null;
    for (RegistryEvent e : events) {
      if (!e.action().movesAlias() || !alias.equals(e.alias())) {
        continue;
      }
      last = e;
      if (e.action() == Action.ROLLBACK) {
        targets.pollFirst();
      } else if (targets.isEmpty() || targets.peekFirst() != e.version().intValue()) {
        targets.push(e.version());
      }
    }
    if (last == null) {
      return AliasState.unset(model, alias);
    }
    Integer current = targets.pollFirst();
    return new AliasState(model, alias, current, targets.peekFirst(), last.action(), last.actor(), last.at(),
        last.eventId());
  }

  /** Every alias the model's events ever named, by name. */
  static SortedMap<String, AliasState> all(String model, List<RegistryEvent> events) {
    SortedMap<String, AliasState> out = new TreeMap<>();
    events.stream().filter(e -> e.action().movesAlias()).map(RegistryEvent::alias).distinct()
        .forEach(a -> out.put(a, state(model, a, events)));
    return out;
  }
}
