package io.icegate.registry;

import io.icegate.table.IcegateTables;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The table {@code icegate.model_versions}: one row per version, never rewritten. */
final class VersionStore {

  /** A model's versions as of one snapshot, by version number. */
  record Model(ModelScopedTable.View view, List<ModelVersion> versions) {

    /** The number the next registration gets. */
    int next() {
      return versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    }

    /** The version with this number, if registered. */
    Optional<ModelVersion> get(int version) {
      return versions.stream().filter(v -> v.version() == version).findFirst();
    }

    /** The version a request with this id registered, if any. */
    Optional<ModelVersion> byRequest(String requestId) {
      return requestId == null ? Optional.empty()
          : versions.stream().filter(v -> requestId.equals(v.requestId())).findFirst();
    }
  }

  private final ModelScopedTable table;

  VersionStore(IcegateTables tables) {
    this.table = new ModelScopedTable(tables::modelVersions);
  }

  /** The model's versions at the current snapshot. */
  Model read(String model) {
    ModelScopedTable.View view = table.read(model);
    return new Model(view, view.rows().stream().map(Rows::version)
        .sorted(Comparator.comparingInt(ModelVersion::version)).toList());
  }

  /** Every version of every model, by model then version. */
  List<ModelVersion> readAll() {
    return table.readAll().rows().stream().map(Rows::version)
        .sorted(Comparator.comparing(ModelVersion::model).thenComparingInt(ModelVersion::version)).toList();
  }

  /** Appends {@code version} if no version of its model was registered since {@code model} was read. */
  void append(Model model, ModelVersion version) throws ModelScopedTable.Conflict {
    table.append(model.view(), version.model(),
        List.of(Rows.version(model.view().table(), version)),
        Map.of("icegate.model", version.model(), "icegate.version", String.valueOf(version.version())));
  }
}
