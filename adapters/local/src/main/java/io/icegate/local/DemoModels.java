package io.icegate.local;

import io.icegate.gate.GateDecision;
import io.icegate.gate.GateException;
import io.icegate.gate.GateRequest;
import io.icegate.gate.GateService;
import io.icegate.gate.Promotions;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.IngestStatus;
import io.icegate.registry.Expected;
import io.icegate.registry.ModelVersion;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryEvent;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model half of the demo: an evaluation set under its contract, the sample gate policy, three
 * versions of a model, a gate that passes, one that fails, promotion through the gate, a refused
 * promotion and a one-call rollback. Each run uses its own model, so it can run again on a home.
 */
final class DemoModels {
  static final String DATASET = "churn_eval";
  /** How many numbered steps {@link #run} prints. */
  static final int STEPS = 7;

  /**
   * The model part's JSON answer.
   *
   * @param model the run's model
   * @param evaluation the evaluation set's ingest (committed on the first run, duplicate after)
   * @param versions the registered versions
   * @param decisions the gate decisions, in order
   * @param refusal the refused promotion's message
   * @param events the model's audit log
   * @param asExpected whether every step ended as the demo intends
   */
  record Result(String model, IngestReport evaluation, List<ModelVersion> versions, List<GateDecision> decisions,
      String refusal, List<RegistryEvent> events, boolean asExpected) {}

  /** One candidate: how noisy its predictions are, and whether the gate should pass it. */
  private record Candidate(String story, double noise, long seed, boolean passes) {}

  private static final List<Candidate> CANDIDATES = List.of(
      new Candidate("a first model; nothing is in production yet, so only the absolute thresholds judge", 0.6, 1, true),
      new Candidate("a worse model: noisier predictions, compared with version 1 in production", 3.0, 2, false),
      new Candidate("a better model, compared with version 1 in production", 0.1, 3, true));

  private final Output out;
  private final LocalRuntime runtime;
  private final ObjectStore store;
  private final Registry registry;
  private final GateService gate;
  private final Promotions promotions;
  private final String actor = Services.actor();

  DemoModels(Output out, LocalRuntime runtime) {
    this.out = out;
    this.runtime = runtime;
    this.store = runtime.icegate().store();
    this.registry = runtime.context().getBean(Registry.class);
    this.gate = runtime.context().getBean(GateService.class);
    this.promotions = runtime.context().getBean(Promotions.class);
  }

  /** Runs the steps, numbered from {@code step}. */
  Result run(String run, int step) throws Exception {
    String model = "churn-" + run.toLowerCase(Locale.ROOT);
    double[] latent = DemoData.latent();
    boolean ok = true;

    DemoData.Contract contract = DemoData.sample(DemoData.CHURN_CONTRACT, "churn_eval.yaml");
    heading(step++, "Ingest a labelled evaluation set '%s' (%d customers) under its contract (%s)", DATASET,
        DemoData.CUSTOMERS, contract.source());
    ContractStore.Put put = new ContractStore(store, runtime.icegate().tables()).put(contract.yaml(), contract.source(),
        DATASET);
    ok &= put.stored();
    ObjectInfo landed = store.put(Landing.key(DATASET, "churn_eval.csv"), DemoData.evaluation(latent));
    IngestReport evaluation = Progress.run(out, "ingesting the evaluation set",
        () -> runtime.ingest().apply(Landing.event(landed)));
    IngestCommand.followUp(out, runtime, evaluation);
    ok &= evaluation.status().ok();
    out.line("  %s, snapshot %d%s", evaluation.status().name(), evaluation.snapshotId(),
        evaluation.status() == IngestStatus.DUPLICATE ? " (ingested by an earlier run)" : "");
    long snapshot = evaluation.snapshotId();

    DemoData.Contract policy = DemoData.sample(DemoData.CHURN_POLICY, "churn-policy.yaml");
    heading(step++, "Store the gate policy of model '%s' (%s) with a drift monitor added", model,
        policy.source());
    PolicyStore.Put policyPut = new PolicyStore(store).put(model, policy.yaml() + DemoData.MONITORS,
        policy.source());
    ok &= policyPut.stored();
    out.line("  %s: metric rules %d, slice rules %d, bootstrap resamples %d, drift monitors %d;"
        + " requests cannot change it", policyPut.path(), policyPut.policy().metrics().size(),
        policyPut.policy().slices().size(), policyPut.policy().bootstrap().resamples(),
        policyPut.policy().monitors().size());

    heading(step++, "Register three versions: each artifact's sha256 is verified and the training snapshot tagged");
    List<ModelVersion> versions = new ArrayList<>();
    for (int v = 1; v <= CANDIDATES.size(); v++) {
      byte[] artifact = ("demo weights of " + model + " v" + v).getBytes(StandardCharsets.UTF_8);
      ObjectKey key = ObjectKey.of("artifacts/" + model + "/model-v" + v + ".bin");
      store.put(key, artifact);
      ModelVersion mv = registry.register(actor, new RegisterRequest(model, key.value(), Sha256.hex(artifact),
          DATASET, snapshot, null, "demo" + v, Map.of("noise", String.valueOf(CANDIDATES.get(v - 1).noise())),
          null, List.of("ml-team@example.com"), CANDIDATES.get(v - 1).story()), Services.requestId());
      versions.add(mv);
      out.line("  version %d  %s  sha256 %s…  trained on %s@%d (tag %s)", mv.version(), mv.artifactUri(),
          mv.artifactSha256().substring(0, 12), DATASET, snapshot, mv.trainingTag());
    }

    List<GateDecision> decisions = new ArrayList<>();
    String refusal = null;
    for (int v = 1; v <= CANDIDATES.size(); v++) {
      Candidate c = CANDIDATES.get(v - 1);
      heading(step++, "Gate version %d, %s", v, c.story());
      ObjectKey predictions = ObjectKey.of("artifacts/" + model + "/predictions/v" + v + ".csv");
      store.put(predictions, DemoData.predictions(latent, c.noise(), c.seed()));
      int version = v;
      GateDecision d = Progress.run(out, "computing metrics and bootstrap intervals", () -> gate.gate(actor, model,
          version, new GateRequest(DATASET, snapshot, null, predictions.value(), null), Services.requestId()));
      decisions.add(d);
      ok &= d.passed() == c.passes();
      GateText.print(out, d, store);
      out.line("");
      try {
        RegistryEvent e = promotions.promote(actor, false, model, "production", v,
            v == 1 ? Expected.unset() : Expected.version(1), v == 1 ? "first release" : "passed the gate",
            false, Services.requestId());
        out.line("  promote version %d to production: done (gate decision %s)", v,
            e.details().path("gateDecision").asText("-"));
        ok &= c.passes();
      } catch (GateException e) {
        refusal = e.getMessage();
        out.line("  promote version %d to production: REFUSED, %s", v, e.getMessage());
        ok &= !c.passes();
      }
    }

    heading(step, "Roll production back in one call (the previous target comes from the audit log)");
    RegistryEvent back = registry.rollback(actor, model, "production", Expected.version(3), "demo: roll back",
        Services.requestId());
    ok &= back.version() == 1;
    out.line("  production: version %d -> %d", back.fromVersion(), back.version());
    out.line("");
    out.line("Audit log of %s (icegate.registry_events)", model);
    List<RegistryEvent> events = registry.events(model);
    RegistryText.eventHeader(out, false);
    events.forEach(e -> RegistryText.event(out, e, false));
    return new Result(model, evaluation, versions, decisions, refusal, events, ok);
  }

  private void heading(int step, String format, Object... args) {
    out.line("");
    out.line(step + ". " + format, args);
  }
}
