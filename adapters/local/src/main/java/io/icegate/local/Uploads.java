package io.icegate.local;

import io.icegate.store.Sha256;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Files named on the command line go into the home's object store before a service reads them,
 * as {@code ingest} does with landing/; an argument that names no local file but an existing
 * object key is used as it is.
 */
final class Uploads {
  private Uploads() {}

  /**
   * What an argument names: a local file (key null until copied) or an object already in the store.
   *
   * @param file the local file, or null
   * @param key the object key, or null for a file not copied yet
   */
  record Source(Path file, ObjectKey key) {
    boolean local() {
      return file != null;
    }
  }

  /** Resolves an argument; neither a readable file nor an existing key is a usage error. */
  static Source resolve(CommandSpec spec, ObjectStore store, String argument, String what) throws IOException {
    Path file = path(argument);
    if (file != null && Files.exists(file)) {
      Args.requireFile(spec, file);
      return new Source(file, null);
    }
    String keyProblem = ObjectKey.problem(argument);
    if (keyProblem == null && store.stat(ObjectKey.of(argument)).isPresent()) {
      return new Source(null, ObjectKey.of(argument));
    }
    throw Args.usage(spec, what + " '" + argument + "' is neither a local file nor an object in the home's store ("
        + (keyProblem == null ? "no object at key " + argument : "not an object key: " + keyProblem) + ")");
  }

  /**
   * An object a command put in the store.
   *
   * @param key where it is
   * @param written this call wrote it (false: the same bytes were there already)
   */
  record Stored(ObjectKey key, boolean written) {
    /** Removes the object again if this call wrote it; for requests refused before they recorded anything. */
    void undo(ObjectStore store) throws IOException {
      if (written) {
        store.delete(key);
      }
    }
  }

  /**
   * Copies a model artifact to {@code artifacts/<model>/<file name>}. Registered versions point at
   * their artifact's key, so a different file of the same name never replaces it: it goes to
   * {@code artifacts/<model>/<sha256 prefix>/<file name>} instead.
   *
   * @param sha256 the file's sha256, as {@link #sha256(Path)} computed it
   */
  static Stored artifact(ObjectStore store, String model, Path file, String sha256) throws IOException {
    String name = file.getFileName().toString();
    for (String key : new String[] {"artifacts/" + model + "/" + name,
        "artifacts/" + model + "/" + sha256.substring(0, 12) + "/" + name}) {
      ObjectKey k = ObjectKey.of(key);
      if (store.stat(k).isEmpty()) {
        store.put(k, file);
        return new Stored(k, true);
      }
      if (sha256(store, k).equals(sha256)) {
        return new Stored(k, false);
      }
    }
    throw new IllegalStateException("artifacts/" + model + "/ already holds two different files named " + name
        + " and " + sha256.substring(0, 12) + "/" + name + "; rename the file");
  }

  /** Copies a predictions file to a fresh key {@code artifacts/<model>/predictions/<uuid>-<file name>}. */
  static Stored predictions(ObjectStore store, String model, Path file) throws IOException {
    ObjectKey key = ObjectKey.of("artifacts/" + model + "/predictions/" + UUID.randomUUID() + "-" + file.getFileName());
    store.put(key, file);
    return new Stored(key, true);
  }

  /** Lowercase hex sha256 of a local file. */
  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.hex(in);
    }
  }

  private static String sha256(ObjectStore store, ObjectKey key) throws IOException {
    try (InputStream in = store.open(key)) {
      return Sha256.hex(in);
    }
  }

  private static Path path(String argument) {
    try {
      return Path.of(argument);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
