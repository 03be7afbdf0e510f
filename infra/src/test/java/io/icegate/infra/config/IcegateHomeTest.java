package io.icegate.infra.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.infra.catalog.Catalogs;
import io.icegate.infra.store.LocalObjectStore;
import io.icegate.store.ObjectKey;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcegateHomeTest {

  @TempDir Path dir;

  @Test
  void flagWinsOverEnvironmentWhichWinsOverTheDefault() {
    Map<String, String> env = Map.of(IcegateHome.ENV, dir.resolve("env").toString());

    assertThat(IcegateHome.resolve(dir.resolve("flag").toString(), env).root())
        .isEqualTo(dir.resolve("flag"));
    assertThat(IcegateHome.resolve(null, env).root()).isEqualTo(dir.resolve("env"));
    assertThat(IcegateHome.resolve(" ", env).root()).isEqualTo(dir.resolve("env"));
    assertThat(IcegateHome.resolve(null, Map.of()).root())
        .isEqualTo(Path.of(".icegate").toAbsolutePath().normalize());
  }

  @Test
  void initCreatesTheLayoutAndCanRunTwice() throws IOException {
    IcegateHome home = new IcegateHome(dir.resolve("home"));

    home.init().init();

    for (String folder :
        new String[] {"landing", "quarantine", "config/contracts", "archive", "reports"}) {
      assertThat(home.objects().resolve(folder)).isDirectory();
    }
    assertThat(home.warehouse()).isDirectory();
    assertThat(home.tmp()).isDirectory();
    assertThat(home.catalogDb()).isEqualTo(home.root().resolve("catalog.db"));
  }

  @Test
  void withoutASettingsFileTheCatalogIsTheEmbeddedDefault() throws IOException {
    IcegateHome home = new IcegateHome(dir);

    assertThat(home.catalogProperties()).isEqualTo(Catalogs.embeddedDefaults(dir));
    assertThat(home.settings()).isEmpty();
  }

  @Test
  void catalogKeysOverrideSingleDefaults() throws IOException {
    IcegateHome home = new IcegateHome(dir);
    Files.writeString(home.propertiesFile(), "catalog.clients=4\ndatasets.namespace=ml  \n");

    assertThat(home.catalogProperties())
        .containsEntry("clients", "4")
        .containsEntry("uri", "jdbc:sqlite:" + home.catalogDb());
    assertThat(home.settings()).isEqualTo(Map.of("datasets.namespace", "ml"));
  }

  @Test
  void catalogKeysNamingAnotherCatalogReplaceTheDefaults() throws IOException {
    IcegateHome home = new IcegateHome(dir);
    Files.writeString(
        home.propertiesFile(),
        """
        # PostgreSQL instead of the embedded SQLite file
        catalog.type=jdbc
        catalog.uri=jdbc:postgresql://db:5432/iceberg
        catalog.jdbc.user=icegate
        catalog.warehouse=s3://bucket/warehouse
        engine.memory-limit=2GB
        """);

    assertThat(home.catalogProperties())
        .isEqualTo(
            Map.of(
                "type", "jdbc",
                "uri", "jdbc:postgresql://db:5432/iceberg",
                "jdbc.user", "icegate",
                "warehouse", "s3://bucket/warehouse"));
    assertThat(home.settings()).isEqualTo(Map.of("engine.memory-limit", "2GB"));
  }

  @Test
  void anInitializedHomeServesTheCatalogAndTheObjectStore() throws IOException {
    IcegateHome home = new IcegateHome(dir.resolve("fresh")).init();

    Catalog catalog = Catalogs.load(Catalogs.DEFAULT_NAME, home.catalogProperties());
    try {
      ((SupportsNamespaces) catalog).createNamespace(Namespace.of("datasets"));
      assertThat(((SupportsNamespaces) catalog).listNamespaces())
          .contains(Namespace.of("datasets"));
    } finally {
      ((Closeable) catalog).close();
    }
    LocalObjectStore store = new LocalObjectStore(home.objects());
    store.put(ObjectKey.of("landing/trips/a.csv"), new byte[] {1});
    assertThat(home.objects().resolve("landing/trips/a.csv")).exists();
    assertThat(home.catalogDb()).exists();
  }
}
