package io.icegate.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.icegate.IcegateFunctions;
import io.icegate.infra.azure.Azurite;
import io.icegate.infra.azure.AzureSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/azure parsed with {@code @cdktf/hcl2json} (npm, under $ICEGATE_NODE_MODULES) and
 * checked against the code: app settings, function names, the Event Grid filter, documented variables.
 */
class AzureTerraformTest {

  private static final Path MODULE = Path.of("../../terraform/azure");
  /** Settings the module may leave out: the managed-identity alternative to the connection string. */
  private static final Set<String> NOT_DEPLOYED = Set.of(AzureSettings.STORAGE_ACCOUNT_URL);

  private static JsonNode tf;

  @BeforeAll
  static void parse() throws Exception {
    Path lib = Azurite.nodeModulesHome().resolve("node_modules/@cdktf/hcl2json");
    Azurite.requireInstalled(lib.resolve("package.json"), "@cdktf/hcl2json",
        "npm install --prefix \"$HOME/.cache/icegate-node\" @cdktf/hcl2json@0.21.0");
    List<Path> files;
    try (Stream<Path> s = Files.list(MODULE)) {
      files = s.filter(p -> p.toString().endsWith(".tf")).sorted().toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("main.tf", "variables.tf", "outputs.tf", "versions.tf");
    // merges every file's JSON: blocks of one kind (resource, variable, ...) from all files
    String script = "const {parse} = require(process.argv[1]); const fs = require('fs');"
        + "(async () => { const all = {};"
        + " for (const f of process.argv.slice(2)) { const j = await parse(f, fs.readFileSync(f, 'utf8'));"
        + "  for (const [k, v] of Object.entries(j)) {"
        + "   all[k] = Array.isArray(v) ? (all[k] || []).concat(v) : Object.assign(all[k] || {}, v); } }"
        + " process.stdout.write(JSON.stringify(all)); })().catch(e => { console.error(e); process.exit(1); });";
    List<String> command = new ArrayList<>(List.of("node", "-e", script, lib.toAbsolutePath().toString()));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = node.getInputStream().readAllBytes();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as("hcl2json exit").isZero();
    tf = JsonMapper.builder().build().readTree(new String(out, StandardCharsets.UTF_8));
  }

  private static JsonNode resource(String type, String name) {
    JsonNode r = tf.path("resource").path(type).path(name);
    assertThat(r.isArray()).as(type + "." + name).isTrue();
    return r.get(0);
  }

  @Test
  void appSettingsAreExactlyTheOnesTheCodeReads() {
    JsonNode settings = resource("azurerm_linux_function_app", "this").path("app_settings");
    Set<String> icegate = new TreeSet<>();
    settings.fieldNames().forEachRemaining(n -> {
      if (n.startsWith("ICEGATE_")) {
        icegate.add(n);
      }
    });
    Set<String> expected = new TreeSet<>(io.icegate.infra.azure.AzureIcegate.APP_SETTINGS);
    expected.removeAll(NOT_DEPLOYED);

    assertThat(icegate).isEqualTo(expected);
    for (String secret : io.icegate.infra.azure.AzureIcegate.SECRET_SETTINGS) {
      assertThat(settings.path(secret).asText()).as(secret).startsWith("@Microsoft.KeyVault(SecretUri=${");
    }
  }

  @Test
  void eventGridSendsOnlyBlobCreatedUnderLandingToTheIngestFunction() {
    JsonNode sub = resource("azurerm_eventgrid_system_topic_event_subscription", "ingest");

    assertThat(sub.path("included_event_types").get(0).asText()).isEqualTo(BlobCreated.TYPE);
    assertThat(sub.path("included_event_types")).hasSize(1);
    assertThat(sub.path("subject_filter").get(0).path("subject_begins_with").asText())
        .isEqualTo("/blobServices/default/containers/${var.container_name}/blobs/${var.prefix}${local.landing}");
    assertThat(tf.path("locals").get(0).path("landing").asText()).isEqualTo(AzureHandlers.LANDING);
    assertThat(sub.path("azure_function_endpoint").get(0).path("function_id").asText())
        .endsWith("/functions/" + IcegateFunctions.INGEST);
    assertThat(resource("azurerm_storage_container", "icegate").path("name").asText()).isEqualTo("${var.container_name}");
    assertThat(resource("azurerm_linux_function_app", "this").path("app_settings").path(AzureSettings.CONTAINER).asText())
        .isEqualTo("${azurerm_storage_container.icegate.name}");
    String schemaDefault = tf.path("variable").path("event_schema").get(0).path("default").asText();
    assertThat(schemaDefault).isIn("EventGridSchema", "CloudEventSchemaV1_0");
  }

  @Test
  void everyFunctionTheModuleNamesExistsInTheHandlers() {
    Set<String> functions = new HashSet<>();
    for (var m : AzureHandlers.class.getMethods()) {
      if (m.isAnnotationPresent(FunctionName.class)) {
        functions.add(m.getAnnotation(FunctionName.class).value());
      }
    }
    String text = tf.toString();
    java.util.regex.Matcher named = java.util.regex.Pattern.compile("/functions/([A-Za-z]+)").matcher(text);
    int found = 0;
    while (named.find()) {
      assertThat(functions).contains(named.group(1));
      found++;
    }
    assertThat(found).isPositive();
    assertThat(resource("azurerm_linux_function_app", "this").path("site_config").get(0)
        .path("application_stack").get(0).path("java_version").asText()).isEqualTo("17");
  }

  @Test
  void variablesAndOutputsAreDocumentedAndTheExampleSetsOnlyDeclaredOnes() throws IOException {
    Iterator<String> names = tf.path("variable").fieldNames();
    Set<String> declared = new TreeSet<>();
    while (names.hasNext()) {
      String n = names.next();
      declared.add(n);
      assertThat(tf.path("variable").path(n).get(0).path("description").asText()).as("variable " + n).isNotBlank();
    }
    tf.path("output").fieldNames().forEachRemaining(n ->
        assertThat(tf.path("output").path(n).get(0).path("description").asText()).as("output " + n).isNotBlank());
    assertThat(tf.path("output").has("api_base_url")).isTrue();
    for (String line : Files.readAllLines(MODULE.resolve("terraform.tfvars.example"))) {
      String l = line.replaceFirst("^# ?", "");
      if (l.matches("[a-z_]+\\s*=.*")) { // top-level assignments only, not map entries
        assertThat(declared).as("tfvars.example sets " + l).contains(l.substring(0, l.indexOf('=')).strip());
      }
    }
    assertThat(Files.readString(MODULE.resolve("README.md"))).contains("terraform -chdir=terraform/azure apply");
  }
}
