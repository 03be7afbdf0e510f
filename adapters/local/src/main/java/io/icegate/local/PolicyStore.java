package io.icegate.local;

import io.icegate.gate.GatePolicy;
import io.icegate.gate.GateService;
import io.icegate.gate.PolicyException;
import io.icegate.gate.PolicyParser;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.yaml.YamlProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;

/** The gate policies in a home's object store: stored only when valid, and never changed under the same version. */
final class PolicyStore {
  private final ObjectStore store;

  PolicyStore(ObjectStore store) {
    this.store = store;
  }

  /**
   * The outcome of {@link #put}.
   *
   * @param stored whether the policy is in force now (written, or already there unchanged)
   * @param model the model it governs
   * @param key where it is (or would be) stored
   * @param path the stored file on disk
   * @param version the policy's version
   * @param previousVersion version of the policy it replaced, or null
   * @param unchanged the same text was already stored
   * @param refusal why a valid policy was not stored, or null
   * @param problems why an invalid policy was not stored
   * @param policy the parsed policy, null when invalid
   */
  record Put(boolean stored, String model, String key, String path, String version, String previousVersion,
      boolean unchanged, String refusal, List<YamlProblem> problems, GatePolicy policy) {}

  /** Validates a policy and stores it as {@code config/policies/<model>.yaml}. */
  Put put(String model, String yaml, String source) throws IOException {
    ObjectKey key = GateService.policyKey(model);
    String path = Landing.onDisk(store, key.value());
    GatePolicy policy;
    try {
      policy = PolicyParser.parse(model, yaml, source);
    } catch (PolicyException e) {
      return new Put(false, model, key.value(), path, null, null, false, null, e.problems(), null);
    }
    Optional<String> current = text(key);
    if (current.isPresent() && current.get().equals(yaml)) {
      return new Put(true, model, key.value(), path, policy.version(), null, true, null, List.of(), policy);
    }
    String previous = current.flatMap(text -> version(model, text, key)).orElse(null);
    if (policy.version().equals(previous)) {
      // decisions and promotions name the policy version: one version must mean one set of rules
      return new Put(false, model, key.value(), path, policy.version(), previous, false, "policy version "
          + previous + " of model '" + model + "' is already in force with other content; give the changed rules a"
          + " new 'version' (gate decisions and promotions are checked against the policy version)", List.of(), policy);
    }
    store.put(key, yaml.getBytes(StandardCharsets.UTF_8));
    return new Put(true, model, key.value(), path, policy.version(), previous, false, null, List.of(), policy);
  }

  /** The stored policy text of a model. */
  Optional<String> text(String model) throws IOException {
    return text(GateService.policyKey(model));
  }

  private Optional<String> text(ObjectKey key) throws IOException {
    try {
      return Optional.of(new String(store.readAllBytes(key), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The version of a stored policy; a stored policy that no longer parses has none to protect. */
  private static Optional<String> version(String model, String text, ObjectKey key) {
    try {
      return Optional.of(PolicyParser.parse(model, text, key.value()).version());
    } catch (PolicyException e) {
      return Optional.empty();
    }
  }
}
