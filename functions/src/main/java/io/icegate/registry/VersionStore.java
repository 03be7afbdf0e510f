package io.icegate.registry;

import io.icegate.table.IcegateTables;
import io.icegate.table.ScopedTable;
import io.icegate.table.ScopedTable.Scope;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The table {@code icegate.model_versions}: one row per version, never rewritten. */
final class VersionStore {

  /** A model's versions as of one snapshot, by version number. */
  record Model(ScopedTable.View view, List<ModelVersion> versions) {

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

  private final ScopedTable table;

  VersionStore(IcegateTables tables) {
    this.table = new ScopedTable(tables::modelVersions, "model");
  }

  /** The model's versions at the current snapshot. */
  Model read(String model) {
    ScopedTable.View view = table.read(Scope.of("model", model));
    return new Model(view, view.rows().stream().map(Rows::version)
        .sorted(Comparator.comparingInt(ModelVersion::version)).toList());
  }

  /** Every version of every model, by model then version. */
  List<ModelVersion> readAll() {
    return table.read(Scope.all()).rows().stream().map(Rows::version)
        .sorted(Comparator.comparing(ModelVersion::model).thenComparingInt(ModelVersion::version)).toList();
  }

  /** Appends {@code version} if no version of its model was registered since {@code model} was read. */
  void append(Model model, ModelVersion version) throws ScopedTable.Conflict {
    table.append(model.view(), Scope.of("model", version.model()),
        List.of(Rows.version(model.view().table(), version)),
        Map.of("icegate.model", version.model(), "icegate.version", String.valueOf(version.version())));
  }
}
