package io.icegate;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The portable core stays free of cloud SDKs: those live in infra and the adapters. */
class ArchitectureTest {
  // only the module's own classes folder: scanning the whole classpath costs half a minute
  private final JavaClasses core = new ClassFileImporter().importPath(classesFolder());

  private static Path classesFolder() {
    try {
      return Path.of(IcegateFunctions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void importsTheCore() {
    assertThat(core.contain(IcegateFunctions.class)).isTrue();
  }

  @Test
  void functionsImportNoAwsOrAzureSdk() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "com.amazonaws..", "software.amazon..", "com.azure..", "com.microsoft.azure..")
        .because("functions/ is the portable core; cloud SDKs belong in infra/ and adapters/")
        .check(core);
  }

  @Test
  void coreDoesNotDependOnInfraOrAdapters() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.icegate.infra..", "io.icegate.local..",
            "io.icegate.aws..", "io.icegate.azure..")
        .because("dependencies point adapters -> infra -> functions")
        .check(core);
  }
}
