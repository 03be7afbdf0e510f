package io.icegate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Concurrent registrations and promotions against one registry, run on each catalog: every writer
 * starts at once (a latch), and the outcome is checked in the tables afterwards.
 */
final class RegistryRaces {
  static final int WRITERS = 8;

  private RegistryRaces() {}

  /**
   * {@code WRITERS + 1} registrations of one model and two of another at once: the first model
   * gets versions 1..WRITERS+1, each once, with one register event and one tag per version.
   */
  static void concurrentRegistrationsGetDistinctConsecutiveVersions(RegistryFixture f, long snapshot) throws Exception {
    Registry registry = f.registry;
    String sha = f.artifact("artifacts/race.bin", "race weights");
    int n = WRITERS + 1;
    List<Callable<ModelVersion>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(() -> registry.register("ci", RegistryFixture.request("race", "artifacts/race.bin", sha, snapshot), null));
    }
    for (int i = 0; i < 2; i++) {
      tasks.add(() -> registry.register("ci", RegistryFixture.request("bystander", "artifacts/race.bin", sha, snapshot),
          null));
    }
    List<ModelVersion> done = runAtOnce(tasks);

    assertThat(done.subList(0, n)).extracting(ModelVersion::version)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
    assertThat(registry.versions("race")).extracting(ModelVersion::version)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
    assertThat(registry.versions("bystander")).extracting(ModelVersion::version).containsExactly(1, 2);
    List<RegistryEvent> log = registry.events("race");
    assertThat(log).extracting(RegistryEvent::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(log).extracting(RegistryEvent::version)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
    for (int v = 1; v <= n; v++) {
      assertThat(f.trips().refs().get(Registry.trainingTag("race", v)).snapshotId()).isEqualTo(snapshot);
    }
  }

  /**
   * With versions 1..WRITERS+1 registered and production on 1, WRITERS promotions that all expect
   * version 1 race: exactly one wins, every other one gets the conflict naming the winner's
   * version, and the log holds exactly the winning event. Then WRITERS promotions without an
   * expectation all land, each once, in a gap-free sequence.
   */
  static void concurrentPromotionsHaveExactlyOneWinner(Registry registry) throws Exception {
    registry.moveAlias("alice", "race", "production", 1, Expected.unset(), "first", null, Action.PROMOTE);
    int before = registry.events("race").size();

    List<Callable<Object>> expecting = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      int target = i + 2;
      expecting.add(() -> {
        try {
          return registry.moveAlias("writer-" + target, "race", "production", target, Expected.version(1), "race",
              "cas-" + target, Action.PROMOTE);
        } catch (AliasConflictException e) {
          return e;
        }
      });
    }
    List<Object> outcomes = runAtOnce(expecting);
    List<RegistryEvent> winners = outcomes.stream().filter(RegistryEvent.class::isInstance)
        .map(RegistryEvent.class::cast).toList();
    assertThat(winners).hasSize(1);
    RegistryEvent winner = winners.get(0);
    assertThat(outcomes).filteredOn(AliasConflictException.class::isInstance).hasSize(WRITERS - 1)
        .allSatisfy(o -> {
          AliasConflictException c = (AliasConflictException) o;
          assertThat(c.current().version()).isEqualTo(winner.version());
          assertThat(c.current().eventId()).isEqualTo(winner.eventId());
          assertThat(c.current().movedBy()).isEqualTo(winner.actor());
        });
    assertThat(registry.alias("race", "production").version()).isEqualTo(winner.version());
    List<RegistryEvent> afterCas = registry.events("race");
    assertThat(afterCas).hasSize(before + 1);
    assertThat(afterCas.get(afterCas.size() - 1)).isEqualTo(winner);

    List<Callable<RegistryEvent>> blind = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      int target = i + 1;
      blind.add(() -> registry.moveAlias("blind-" + target, "race", "staging", target, Expected.anything(), null,
          "blind-" + target, Action.PROMOTE));
    }
    List<RegistryEvent> landed = runAtOnce(blind);
    List<RegistryEvent> log = registry.events("race");
    assertThat(log).hasSize(before + 1 + WRITERS);
    assertThat(log).extracting(RegistryEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
    assertThat(log).extracting(RegistryEvent::eventId).doesNotHaveDuplicates()
        .containsAll(landed.stream().map(RegistryEvent::eventId).toList());
    assertThat(log).extracting(RegistryEvent::at).isSorted();
    // each blind move saw the one before it: the from-versions chain through the log
    List<RegistryEvent> staging = log.stream().filter(e -> "staging".equals(e.alias())).toList();
    for (int i = 1; i < staging.size(); i++) {
      assertThat(staging.get(i).fromVersion()).isEqualTo(staging.get(i - 1).version());
    }
    assertThat(registry.alias("race", "staging").version()).isEqualTo(staging.get(staging.size() - 1).version());
  }

  private static <T> List<T> runAtOnce(List<? extends Callable<? extends T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<? extends T>> futures = new ArrayList<>();
      for (Callable<? extends T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<? extends T> fu : futures) {
        try {
          out.add(fu.get(3, TimeUnit.MINUTES));
        } catch (ExecutionException e) {
          throw new AssertionError("a writer failed: " + e.getCause(), e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
