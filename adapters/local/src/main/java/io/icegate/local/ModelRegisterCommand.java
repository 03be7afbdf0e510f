package io.icegate.local;

import io.icegate.registry.ModelVersion;
import io.icegate.registry.RegisterRequest;
import io.icegate.store.ObjectKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icegate models register}: uploads an artifact and registers it as the model's next version. */
@Command(name = "register", description = {
    "Register the next version of a model.",
    "Records its artifact (copied to artifacts/<model>/ when a local file) and checksum, the training dataset"
        + " pinned to a snapshot or tag (which icegate tags so snapshot expiry keeps it), the code commit, params"
        + " and owners.",
    "--json prints the ModelVersion."})
final class ModelRegisterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ARTIFACT", description = "model file, or the object key of one already in the store")
  String artifact;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME", description = "model name")
  String model;

  @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME", description = "training dataset")
  String dataset;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SnapshotPin pin;

  @Option(names = "--sha256", paramLabel = "HEX",
      description = "expected sha256 of the artifact, verified against the stored bytes (default: computed from the local file)")
  String sha256;

  @Option(names = "--commit", required = true, paramLabel = "SHA", description = "code commit the model was built from")
  String commit;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "training parameter (repeatable)")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--owner", paramLabel = "WHO", description = "owner (repeatable)")
  List<String> owners = new ArrayList<>();

  @Option(names = "--description", paramLabel = "TEXT", description = "what this version is")
  String description;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    Args.name(spec, "model", model);
    Args.dataset(spec, dataset);
    try (Services services = Services.start(out, IcegateCli.of(spec))) {
      Uploads.Source source = Uploads.resolve(spec, services.store(), artifact, "artifact");
      String sha = sha256;
      Uploads.Stored copy = null;
      if (source.local()) {
        String local = Progress.run(out, "hashing " + source.file().getFileName(), () -> Uploads.sha256(source.file()));
        if (sha == null) {
          sha = local;
          out.note("sha256 %s computed from %s (give --sha256 to have the registry verify a checksum from your build)",
              sha, source.file());
        }
        copy = Progress.run(out, "uploading " + source.file().getFileName(),
            () -> Uploads.artifact(services.store(), model, source.file(), local));
        out.note("artifact %s %s", copy.written() ? "copied to" : "already stored at",
            Landing.onDisk(services.store(), copy.key().value()));
      } else if (sha == null) {
        throw Args.usage(spec, "artifact " + source.key() + " is an object key: give its --sha256, which icegate"
            + " verifies against the stored bytes");
      }
      ObjectKey key = copy == null ? source.key() : copy.key();
      RegisterRequest request = new RegisterRequest(model, key.value(), sha, dataset, pin.snapshot, pin.tag, commit,
          params, null, owners, description);
      ModelVersion v;
      try {
        v = Progress.run(out, "registering " + model,
            () -> services.registry().register(Services.actor(), request, Services.requestId()));
      } catch (RuntimeException e) {
        // the registry refuses before it writes anything: then no version refers to the copy
        if (copy != null && Refusal.of(e) != null) {
          copy.undo(services.store());
        }
        throw e;
      }
      if (out.json()) {
        out.json(v);
      } else {
        out.line("registered %s version %d", v.model(), v.version());
        RegistryText.version(out, v, "  ");
      }
      return ExitCode.OK;
    }
  }
}
