package io.icegate.aws.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icegate.infra.aws.AwsIcegate;
import io.icegate.infra.aws.AwsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks terraform/aws against the code, without a terraform binary: every .tf file is turned into
 * JSON by the npm package {@code @cdktf/hcl2json} (installed by .ci/run into
 * {@code ~/.cache/icegate-node}, or where {@code ICEGATE_NODE_MODULES} says), then handler
 * classes, function names, environment keys, IAM actions, log groups and alarms are compared with
 * what the code and the design expect. Skips when node or the package is missing, except in CI.
 */
class TerraformModuleTest {

  /** The fixed handler of each function (adapters/aws, shared with the lambda packaging). */
  static final Map<String, String> HANDLERS = Map.of(
      "ingest", "io.icegate.aws.IngestHandler::handleRequest",
      "api", "io.icegate.aws.ApiHandler::handleRequest",
      "scan-drift", "io.icegate.aws.ScanDriftHandler::handleRequest",
      "compare-shadow", "io.icegate.aws.CompareShadowHandler::handleRequest",
      "maintain-tables", "io.icegate.aws.MaintainTablesHandler::handleRequest",
      "profile-batches", "io.icegate.aws.ProfileBatchesHandler::handleRequest");

  /** Variables of the JVM or Lambda runtime, not of icegate. */
  static final Set<String> RUNTIME_ENV_KEYS = Set.of("JAVA_TOOL_OPTIONS");

  static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
  static final Set<String> OBJECTS =
      Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListBucket");
  static final Set<String> GLUE =
      Set.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable");
  static final Set<String> SSM = Set.of("ssm:GetParameter");
  static final Set<String> KMS = Set.of("kms:Decrypt");

  /** What each function may do beyond logs, objects and the catalog. */
  static final Map<String, Set<String>> OWN_ACTIONS = Map.of(
      "ingest", Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
      "api", Set.of(),
      "scan-drift", Set.of("sqs:SendMessage"),
      "compare-shadow", Set.of("sqs:SendMessage"),
      "maintain-tables", Set.of("sqs:SendMessage"),
      "profile-batches", Set.of("sqs:SendMessage"));

  static final ObjectMapper JSON = new ObjectMapper();
  static JsonNode files;

  @BeforeAll
  static void convert() throws Exception {
    Path module = moduleDir();
    Path modules = nodeModules();
    Path script = Files.createTempFile("hcl2json-", ".js");
    try (InputStream in = TerraformModuleTest.class.getResourceAsStream("/terraform/hcl2json.js")) {
      Files.write(script, in.readAllBytes());
    }
    try {
      ProcessBuilder pb = new ProcessBuilder("node", script.toString(), module.toString());
      pb.environment().put("NODE_PATH", modules.toString());
      Path out = Files.createTempFile("terraform-", ".json");
      Path err = Files.createTempFile("terraform-", ".err");
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("hcl2json did not finish within 2 minutes");
      }
      if (p.exitValue() != 0) {
        fail("hcl2json failed on " + module + ": " + Files.readString(err));
      }
      files = JSON.readTree(out.toFile());
      Files.delete(out);
      Files.delete(err);
    } finally {
      Files.delete(script);
    }
  }

  static Path moduleDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("terraform/aws"))) {
        return dir.resolve("terraform/aws");
      }
    }
    throw new IllegalStateException("terraform/aws not found above " + Path.of("").toAbsolutePath());
  }

  /** The node_modules folder holding @cdktf/hcl2json, or an abort (a failure in CI) saying how to get it. */
  static Path nodeModules() {
    String configured = System.getenv("ICEGATE_NODE_MODULES");
    // ICEGATE_NODE_MODULES is npm's --prefix (as .ci/run and the Azure tests use it), holding node_modules
    Path modules = (configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache/icegate-node")).resolve("node_modules");
    String why = null;
    if (!Files.isRegularFile(modules.resolve("@cdktf/hcl2json/package.json"))) {
      why = "@cdktf/hcl2json is not installed in " + modules
          + " (npm install --prefix ~/.cache/icegate-node @cdktf/hcl2json, as .ci/run does)";
    } else if (!nodeRuns()) {
      why = "node is not on the PATH";
    }
    if (why != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + " (CI=true: the Terraform check must run)");
      }
      abort(why + ": Terraform module not checked (skipped outside CI)");
    }
    return modules;
  }

  static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The first block {@code <kind> "<type>" "<name>"} of the module, e.g. resource aws_lambda_function function. */
  static JsonNode block(String kind, String type, String name) {
    List<JsonNode> found = new ArrayList<>();
    files.forEach(file -> {
      JsonNode b = file.path(kind).path(type).path(name);
      if (b.isArray()) {
        b.forEach(found::add);
      }
    });
    assertThat(found).as(kind + " " + type + " " + name).hasSize(1);
    return found.get(0);
  }

  static JsonNode locals() {
    Map<String, JsonNode> merged = new LinkedHashMap<>();
    files.forEach(file -> file.path("locals").forEach(l -> l.fields().forEachRemaining(e -> merged.put(e.getKey(), e.getValue()))));
    return JSON.valueToTree(merged);
  }

  static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theModuleDeclaresTheSixFunctionsWithTheirFixedHandlers() {
    JsonNode functions = locals().path("functions");
    assertThat(fieldNames(functions)).containsExactlyInAnyOrderElementsOf(HANDLERS.keySet());
    HANDLERS.forEach((fn, handler) -> assertThat(functions.path(fn).path("handler").asText()).as(fn).isEqualTo(handler));

    JsonNode lambda = block("resource", "aws_lambda_function", "function");
    assertThat(lambda.path("for_each").asText()).isEqualTo("${local.functions}");
    assertThat(lambda.path("function_name").asText()).isEqualTo("${var.name_prefix}-${each.key}");
    assertThat(lambda.path("handler").asText()).isEqualTo("${each.value.handler}");
    assertThat(lambda.path("architectures").toString()).contains("var.architecture");
    assertThat(locals().path("artifact").asText()).endsWith("/icegate-aws-${var.architecture}.zip");
    // ~100 MB: above the 50 MB of a direct upload, so the code goes through S3
    assertThat(lambda.path("s3_key").asText()).isEqualTo("${aws_s3_object.artifact.key}");
    assertThat(block("resource", "aws_s3_object", "artifact").path("source").asText()).isEqualTo("${local.artifact}");
    assertThat(lambda.path("environment").get(0).path("variables").asText()).isEqualTo("${local.environment}");
    assertThat(lambda.path("dynamic").path("snap_start").get(0).path("for_each").asText()).contains("var.snapstart");
  }

  @Test
  void everyHandlerIsAClassWithAPublicHandleRequestOnceTheHandlersAreBuilt() {
    Map<String, Class<?>> present = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String handler : HANDLERS.values()) {
      String className = handler.substring(0, handler.indexOf("::"));
      try {
        present.put(handler, Class.forName(className, false, getClass().getClassLoader()));
      } catch (ClassNotFoundException e) {
        missing.add(className);
      }
    }
    if (present.isEmpty()) {
      // the handlers come with the lambda branch; until it is merged only the names are checked
      abort("no io.icegate.aws handler class on the class path yet: handler names checked, classes not");
    }
    assertThat(missing).as("handler classes named by Terraform but absent from adapters/aws").isEmpty();
    present.forEach((handler, type) -> {
      String method = handler.substring(handler.indexOf("::") + 2);
      assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()))
          .as(type + " is a public concrete class").isTrue();
      assertThat(Stream.of(type.getMethods()).filter(m -> m.getName().equals(method))
          .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName))
          .as(type + " has a public " + method).isNotEmpty();
      try {
        type.getConstructor();
      } catch (NoSuchMethodException e) {
        fail(type + " needs a public no-argument constructor: Lambda instantiates it");
      }
    });
  }

  /** AwsSettings.ENV_KEYS is AwsIcegate.ENV_KEYS, readable without the AWS SDK on the class path. */
  @Test
  void everyEnvironmentKeyIsOneAwsIcegateReads() throws IOException {
    JsonNode locals = locals();
    Set<String> keys = new TreeSet<>(fieldNames(locals.path("environment_common")));
    keys.addAll(fieldNames(locals.path("environment_jdbc")));
    assertThat(keys).contains(AwsIcegate.BUCKET, AwsIcegate.CATALOG_TYPE, AwsIcegate.CATALOG_PASSWORD_PARAMETER);
    keys.removeAll(RUNTIME_ENV_KEYS);
    assertThat(keys).as("environment keys set by Terraform").isSubsetOf(AwsSettings.ENV_KEYS);
    // no plain password in a deployment: only the SSM parameter's name
    assertThat(keys).doesNotContain(AwsIcegate.CATALOG_PASSWORD);
    // and no other ICEGATE_* name anywhere in the module's text
    Set<String> mentioned = new TreeSet<>();
    Matcher m = Pattern.compile("\\bICEGATE_[A-Z0-9_]+").matcher(files.toString());
    while (m.find()) {
      mentioned.add(m.group());
    }
    assertThat(mentioned).isSubsetOf(AwsSettings.ENV_KEYS).doesNotContain(AwsIcegate.CATALOG_PASSWORD);
  }

  @Test
  void javaToolOptionsAskForC1AndTheCdsArchiveOnlyWhenOneWasRecorded() {
    String defaults = files.path("variables.tf").path("variable").path("java_tool_options").get(0).path("default").asText();
    assertThat(defaults).contains("-XX:TieredStopAtLevel=1").doesNotContain("SharedArchiveFile");
    assertThat(files.path("variables.tf").path("variable").path("appcds_archive").get(0).path("default").asBoolean(true))
        .isFalse();
    assertThat(locals().path("environment_common").path("JAVA_TOOL_OPTIONS").asText())
        .contains("var.appcds_archive", "-XX:SharedArchiveFile=/var/task/icegate.jsa", "var.java_tool_options");
  }

  @ParameterizedTest(name = "catalog {0}, customer KMS key {1}")
  @CsvSource({"glue,false", "jdbc,false", "jdbc,true"})
  void iamActionsPerFunctionAreTheMinimalSet(String catalogType, boolean kmsKey) {
    Map<String, String> docs = Map.of("ingest", "ingest", "api", "api", "scan-drift", "scan_drift",
        "compare-shadow", "compare_shadow", "maintain-tables", "maintain_tables", "profile-batches", "profile_batches");
    JsonNode policies = locals().path("function_policies");
    JsonNode common = block("data", "aws_iam_policy_document", "common");
    assertThat(common.path("for_each").asText()).isEqualTo("${local.functions}");
    Set<String> commonActions = new TreeSet<>(actions(common, catalogType, kmsKey));

    Set<String> catalog = new TreeSet<>(catalogType.equals("glue") ? GLUE : SSM);
    if (kmsKey) {
      catalog.addAll(KMS);
    }
    Set<String> expectedCommon = new TreeSet<>(LOGS);
    expectedCommon.addAll(OBJECTS);
    expectedCommon.addAll(catalog);
    assertThat(commonActions).as("actions every function gets (" + catalogType + ")").isEqualTo(expectedCommon);

    for (var e : docs.entrySet()) {
      String fn = e.getKey();
      assertThat(policies.path(fn).asText()).isEqualTo("${data.aws_iam_policy_document." + e.getValue() + ".json}");
      JsonNode doc = block("data", "aws_iam_policy_document", e.getValue());
      assertThat(doc.path("source_policy_documents").toString())
          .isEqualTo("[\"${data.aws_iam_policy_document.common[\\\"" + fn + "\\\"].json}\"]");
      Set<String> all = new TreeSet<>(commonActions);
      all.addAll(actions(doc, catalogType, kmsKey));
      Set<String> expected = new TreeSet<>(expectedCommon);
      expected.addAll(OWN_ACTIONS.get(fn));
      assertThat(all).as(fn + " (" + catalogType + ")").isEqualTo(expected);
    }
    assertThat(block("resource", "aws_iam_role", "function").path("for_each").asText()).isEqualTo("${local.functions}");
    assertThat(block("resource", "aws_iam_role_policy", "function").path("policy").asText())
        .isEqualTo("${local.function_policies[each.key]}");
  }

  @Test
  void noIamStatementGrantsEverything() {
    List<String> wildcards = new ArrayList<>();
    files.forEach(file -> file.path("data").path("aws_iam_policy_document").fields().forEachRemaining(doc ->
        doc.getValue().forEach(d -> statements(d, s -> {
          s.path("actions").forEach(a -> {
            if (a.asText().equals("*") || a.asText().endsWith(":*")) {
              wildcards.add(doc.getKey() + ": action " + a.asText());
            }
          });
          s.path("resources").forEach(r -> {
            if (r.asText().equals("*")) {
              wildcards.add(doc.getKey() + ": resource *");
            }
          });
        }))));
    assertThat(wildcards).isEmpty();
  }

  @Test
  void everyFunctionHasARetainedLogGroupAndAnErrorAlarm() {
    JsonNode logs = block("resource", "aws_cloudwatch_log_group", "function");
    assertThat(logs.path("for_each").asText()).isEqualTo("${local.functions}");
    assertThat(logs.path("name").asText()).isEqualTo("/aws/lambda/${var.name_prefix}-${each.key}");
    assertThat(logs.path("retention_in_days").asText()).isEqualTo("${var.log_retention_days}");
    assertThat(files.path("variables.tf").path("variable").path("log_retention_days").get(0).path("default").asInt())
        .isPositive();
    JsonNode lambda = block("resource", "aws_lambda_function", "function");
    assertThat(lambda.path("logging_config").get(0).path("log_group").asText())
        .isEqualTo("${aws_cloudwatch_log_group.function[each.key].name}");

    JsonNode errors = block("resource", "aws_cloudwatch_metric_alarm", "function_errors");
    assertThat(errors.path("for_each").asText()).isEqualTo("${local.functions}");
    assertThat(errors.path("metric_name").asText()).isEqualTo("Errors");
    assertThat(errors.path("namespace").asText()).isEqualTo("AWS/Lambda");
    JsonNode dlq = block("resource", "aws_cloudwatch_metric_alarm", "dlq_depth");
    assertThat(dlq.path("metric_name").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
    assertThat(dlq.path("for_each").toString())
        .contains("aws_sqs_queue.ingest_dlq.name").contains("aws_sqs_queue.schedule_dlq.name");
  }

  @Test
  void landingNotificationsReachIngestThroughSqsWithPerRecordFailures() {
    JsonNode queue = block("resource", "aws_s3_bucket_notification", "landing").path("queue").get(0);
    assertThat(queue.path("filter_prefix").asText()).isEqualTo("${var.prefix}landing/");
    assertThat(queue.path("events").toString()).contains("s3:ObjectCreated:*");
    assertThat(queue.path("queue_arn").asText()).isEqualTo("${aws_sqs_queue.ingest.arn}");
    assertThat(block("resource", "aws_sqs_queue", "ingest").path("redrive_policy").asText())
        .contains("aws_sqs_queue.ingest_dlq.arn");
    JsonNode mapping = block("resource", "aws_lambda_event_source_mapping", "ingest");
    assertThat(mapping.path("function_response_types").toString()).isEqualTo("[\"ReportBatchItemFailures\"]");
    assertThat(mapping.path("function_name").asText()).isEqualTo("${aws_lambda_alias.live[\"ingest\"].arn}");
  }

  @Test
  void schedulesInvokeScanDriftAndMaintainTablesAndTheApiSitsBehindAnIamFunctionUrl() {
    JsonNode schedules = locals().path("schedules");
    assertThat(schedules.asText()).contains("scan-drift").contains("maintain-tables").contains("compare-shadow")
        .contains("profile-batches");
    JsonNode schedule = block("resource", "aws_scheduler_schedule", "function");
    assertThat(schedule.path("target").get(0).path("arn").asText()).isEqualTo("${aws_lambda_alias.live[each.key].arn}");
    JsonNode url = block("resource", "aws_lambda_function_url", "api");
    assertThat(url.path("authorization_type").asText()).isEqualTo("${var.api_authorization_type}");
    assertThat(files.path("variables.tf").path("variable").path("api_authorization_type").get(0).path("default").asText())
        .isEqualTo("AWS_IAM");
    assertThat(url.path("function_name").asText()).isEqualTo("${aws_lambda_function.function[\"api\"].function_name}");
  }

  @Test
  void everyVariableIsDescribedAndTheExampleSetsOnlyDeclaredOnes() throws IOException {
    JsonNode variables = files.path("variables.tf").path("variable");
    Set<String> declared = fieldNames(variables);
    for (String name : declared) {
      assertThat(variables.path(name).get(0).path("description").asText()).as("description of " + name).isNotBlank();
    }
    Set<String> set = new TreeSet<>();
    for (String line : Files.readAllLines(moduleDir().resolve("terraform.tfvars.example"), StandardCharsets.UTF_8)) {
      Matcher m = Pattern.compile("^(?:# ?)?([a-z_]+)\\s*=").matcher(line);
      if (m.find()) {
        set.add(m.group(1));
      }
    }
    assertThat(set).isNotEmpty().isSubsetOf(declared);
    assertThat(fieldNames(files.path("outputs.tf").path("output"))).contains("api_url", "bucket", "function_names");
  }

  /** Actions of a policy document, with its dynamic statements evaluated for the catalog settings. */
  static List<String> actions(JsonNode doc, String catalogType, boolean kmsKey) {
    List<String> out = new ArrayList<>();
    doc.path("statement").forEach(s -> s.path("actions").forEach(a -> out.add(a.asText())));
    doc.path("dynamic").path("statement").forEach(d -> {
      if (enabled(d.path("for_each").asText(), catalogType, kmsKey)) {
        d.path("content").forEach(c -> c.path("actions").forEach(a -> out.add(a.asText())));
      }
    });
    return out;
  }

  /** The conditions of dynamic statements this module uses; anything else fails so this test grows with it. */
  static boolean enabled(String forEach, String catalogType, boolean kmsKey) {
    return switch (forEach) {
      case "${var.catalog_type == \"glue\" ? [1] : []}" -> catalogType.equals("glue");
      case "${var.catalog_type == \"jdbc\" ? [1] : []}" -> catalogType.equals("jdbc");
      case "${var.catalog_type == \"jdbc\" && var.catalog_password_kms_key_arn != null ? [1] : []}" ->
          catalogType.equals("jdbc") && kmsKey;
      default -> throw new AssertionError("dynamic IAM statement with an unknown condition: " + forEach);
    };
  }

  static void statements(JsonNode doc, java.util.function.Consumer<JsonNode> each) {
    doc.path("statement").forEach(each);
    doc.path("dynamic").path("statement").forEach(d -> d.path("content").forEach(each));
  }
}
