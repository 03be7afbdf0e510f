package io.icegate.contract;

import io.icegate.yaml.YamlProblem;
import io.icegate.yaml.YamlDocs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icegate.contract.IcegateOptions.ExtraColumns;
import io.icegate.contract.IcegateOptions.RejectMode;
import io.icegate.contract.QualityRule.Metric;
import io.icegate.contract.QualityRule.Severity;
import io.icegate.contract.QualityRule.Type;
import io.icegate.contract.QualityRule.Unit;
import io.icegate.contract.Threshold.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractParserTest {

  @Test
  void readsACompleteV31Contract() {
    DataContract contract = parseResource("full-v3.1.yaml");

    assertThat(contract.apiVersion()).isEqualTo("v3.1.0");
    assertThat(contract.id()).isEqualTo("urn:icegate:contract:rides");
    assertThat(contract.name()).isEqualTo("Rides");
    assertThat(contract.version()).isEqualTo("2.1.0");
    assertThat(contract.status()).isEqualTo("active");
    assertThat(contract.options()).isEqualTo(new IcegateOptions(RejectMode.ROWS, 2.5, ExtraColumns.IGNORE,
        "ended_at", Duration.ofHours(6), List.of("day(ended_at)", "bucket(16, ride_id)", "city")));

    SchemaObject rides = contract.objectFor("rides").orElseThrow();
    assertThat(rides.physicalName()).isEqualTo("rides_v2");
    assertThat(rides.line()).isEqualTo(53);
    assertThat(rides.properties()).extracting(Property::name).containsExactly("ride_id", "city", "started_at",
        "ended_at", "ride_date", "pickup_time", "distance_km", "passengers", "rider_email", "fare_amount", "shared");
    assertThat(rides.properties()).extracting(Property::logicalType).containsExactly(LogicalType.STRING,
        LogicalType.STRING, LogicalType.TIMESTAMP, LogicalType.TIMESTAMP, LogicalType.DATE, LogicalType.TIME,
        LogicalType.NUMBER, LogicalType.INTEGER, LogicalType.STRING, LogicalType.NUMBER, LogicalType.BOOLEAN);

    Property rideId = rides.property("ride_id").orElseThrow();
    assertThat(rideId).isEqualTo(new Property("ride_id", LogicalType.STRING, "varchar(36)", true, true, true, null,
        new TypeOptions(null, null, null, null, null, 36, 36, "^[0-9a-f-]{36}$", null, null),
        List.of(new QualityRule("rides.ride_id.quality[0]", Type.LIBRARY, Metric.DUPLICATE_VALUES, "ride_id",
            null, null, null, null, null, threshold(Operator.MUST_BE, "0"), Unit.ROWS, Severity.ERROR, null, 77)),
        62));

    Property city = rides.property("city").orElseThrow();
    assertThat(city.required()).isTrue();
    assertThat(city.partitionKeyPosition()).isEqualTo(1);
    assertThat(city.quality()).singleElement().satisfies(rule -> {
      assertThat(rule.id()).isEqualTo("city_valid");
      assertThat(rule.metric()).isEqualTo(Metric.INVALID_VALUES);
      assertThat(rule.validValues()).containsExactly("berlin", "paris", "lisbon");
      assertThat(rule.pattern()).isNull();
      assertThat(rule.threshold()).isEqualTo(threshold(Operator.MUST_BE, "0"));
    });

    assertThat(rides.property("started_at").orElseThrow().options())
        .isEqualTo(new TypeOptions("2020-01-01T00:00:00Z", null, null, null, null, null, null, null, null, true));
    assertThat(rides.property("ended_at").orElseThrow().options()).isEqualTo(TypeOptions.NONE);
    assertThat(rides.property("ride_date").orElseThrow().options())
        .isEqualTo(new TypeOptions("2020-01-01", null, null, "2100-01-01", null, null, null, null, "%Y-%m-%d", null));
    assertThat(rides.property("pickup_time").orElseThrow().options())
        .isEqualTo(new TypeOptions("00:00:00", "23:59:59", null, null, null, null, null, null, null, null));

    Property distance = rides.property("distance_km").orElseThrow();
    assertThat(distance.physicalType()).isEqualTo("decimal(9,3)");
    assertThat(distance.options())
        .isEqualTo(new TypeOptions("0", null, null, "1000", "0.001", null, null, null, null, null));
    assertThat(distance.quality()).singleElement().isEqualTo(new QualityRule("rides.distance_km.quality[0]",
        Type.LIBRARY, Metric.NULL_VALUES, "distance_km", null, null, null, null, null,
        threshold(Operator.MUST_BE_LESS_THAN, "1"), Unit.PERCENT, Severity.WARNING, null, 118));

    Property passengers = rides.property("passengers").orElseThrow();
    assertThat(passengers.options())
        .isEqualTo(new TypeOptions("1", "8", null, null, null, null, null, null, null, null));
    assertThat(passengers.quality()).singleElement().satisfies(rule -> {
      assertThat(rule.type()).isEqualTo(Type.SQL);
      assertThat(rule.metric()).isNull();
      assertThat(rule.property()).isEqualTo("passengers");
      assertThat(rule.query()).isEqualTo("SELECT COUNT(*) FROM ${object} WHERE ${property} > 6");
      assertThat(rule.threshold()).isEqualTo(threshold(Operator.MUST_BE_LESS_OR_EQUAL_TO, "100"));
    });

    List<QualityRule> email = rides.property("rider_email").orElseThrow().quality();
    assertThat(email).extracting(QualityRule::id).containsExactly("email_missing", "email_shape");
    assertThat(email.get(0).missingValues()).containsExactly("", "N/A");
    assertThat(email.get(0).unit()).isEqualTo(Unit.PERCENT);
    assertThat(email.get(1).pattern()).isEqualTo("^[^@\\s]+@[^@\\s]+$");
    assertThat(email.get(1).severity()).isEqualTo(Severity.INFO);
    assertThat(email.get(1).description()).isEqualTo("Emails look like emails.");

    assertThat(rides.property("fare_amount").orElseThrow().quality()).singleElement().satisfies(rule -> {
      assertThat(rule.query()).isEqualTo("SELECT AVG(${property}) FROM ${object}");
      assertThat(rule.threshold()).isEqualTo(
          new Threshold(Operator.MUST_NOT_BE_BETWEEN, BigDecimal.ZERO, BigDecimal.ONE));
    });

    List<QualityRule> table = rides.quality();
    assertThat(table).extracting(QualityRule::id).containsExactly("rides_row_count", "rides_unique_ride_city",
        "rides_negative_fares", "rides_cities", "rides_enough", "rides_text");
    assertThat(table).extracting(QualityRule::property).containsOnlyNulls();
    assertThat(table).extracting(QualityRule::type)
        .containsExactly(Type.LIBRARY, Type.LIBRARY, Type.SQL, Type.SQL, Type.LIBRARY, Type.TEXT);
    assertThat(table.get(0).metric()).isEqualTo(Metric.ROW_COUNT);
    assertThat(table.get(0).threshold()).isEqualTo(threshold(Operator.MUST_BE_GREATER_THAN, "0"));
    assertThat(table.get(1).metric()).isEqualTo(Metric.DUPLICATE_VALUES);
    assertThat(table.get(1).properties()).containsExactly("ride_id", "city");
    assertThat(table.get(2).query()).isEqualTo("SELECT COUNT(*) FROM ${object} WHERE fare_amount < 0\n");
    assertThat(table.get(2).threshold())
        .isEqualTo(new Threshold(Operator.MUST_BE_BETWEEN, BigDecimal.ZERO, BigDecimal.TEN));
    assertThat(table.get(3).query()).isEqualTo("SELECT COUNT(DISTINCT city) FROM ${object}");
    assertThat(table.get(3).threshold()).isEqualTo(threshold(Operator.MUST_NOT_BE, "0"));
    assertThat(table.get(4).threshold()).isEqualTo(threshold(Operator.MUST_BE_GREATER_OR_EQUAL_TO, "1"));
    assertThat(table.get(5)).isEqualTo(new QualityRule("rides_text", Type.TEXT, null, null, null, null, null,
        null, null, null, Unit.ROWS, Severity.ERROR, "Every ride was completed and paid.", 184));
  }

  @Test
  void readsV30Spellings() {
    DataContract contract = parseResource("v3.0.2.yaml");

    assertThat(contract.apiVersion()).isEqualTo("v3.0.2");
    assertThat(contract.name()).isEqualTo("seller_payments");
    assertThat(contract.options()).isEqualTo(new IcegateOptions(RejectMode.BATCH, 5.0, ExtraColumns.REJECT,
        null, null, List.of("txn_ref_dt")));
    SchemaObject payments = contract.objectFor("payments_v1").orElseThrow();
    assertThat(payments.property("txn_ref_dt").orElseThrow().partitionKeyPosition()).isEqualTo(1);

    Property receiver = payments.property("rcvr_id").orElseThrow();
    assertThat(receiver.primaryKey()).isTrue();
    assertThat(receiver.partitionKeyPosition()).isNull();
    assertThat(receiver.quality()).singleElement().satisfies(rule -> {
      assertThat(rule.id()).isEqualTo("Fewer than 10 duplicate receivers");
      assertThat(rule.metric()).isEqualTo(Metric.DUPLICATE_VALUES);
      assertThat(rule.threshold()).isEqualTo(threshold(Operator.MUST_BE_LESS_THAN, "10"));
    });
    assertThat(payments.property("rcvr_cntry_code").orElseThrow().quality()).singleElement().satisfies(rule -> {
      assertThat(rule.metric()).isEqualTo(Metric.INVALID_VALUES);
      assertThat(rule.validValues()).containsExactly("US", "FR");
    });
    assertThat(payments.property("amount").orElseThrow().options())
        .as("v3.0 boolean exclusiveMaximum turns maximum into an exclusive bound")
        .isEqualTo(new TypeOptions("0", null, null, "1000000", null, null, null, null, null, null));

    assertThat(payments.quality()).hasSize(2);
    assertThat(payments.quality().get(0).id()).isEqualTo("Verify row count range");
    assertThat(payments.quality().get(0).metric()).isEqualTo(Metric.ROW_COUNT);
    assertThat(payments.quality().get(0).threshold()).isEqualTo(
        new Threshold(Operator.MUST_BE_BETWEEN, new BigDecimal("100"), new BigDecimal("120")));
    assertThat(payments.quality().get(1).id()).isEqualTo("payments.quality[1]");
    assertThat(payments.quality().get(1).query())
        .isEqualTo("SELECT COUNT(*) FROM ${object} WHERE amount IS NULL\n");
  }

  static Stream<Arguments> invalidContracts() {
    return Stream.of(
        invalid("typo-key.yaml", 10, 9, "schema[0].properties[0].requird",
            "unknown field 'requird' in property 'id'; did you mean 'required'?"),
        invalid("unknown-logical-type.yaml", 11, 22, "schema[0].properties[1].logicalType",
            "unknown logicalType 'strin' (expected one of string, integer, number, boolean, date, timestamp, time)"),
        invalid("nested-object.yaml", 11, 22, "schema[0].properties[1].logicalType",
            "logicalType object (nested data) is not supported"),
        invalid("custom-engine.yaml", 11, 15, "schema[0].quality[0].type",
            "custom quality rules are not supported (engine 'soda')"),
        invalid("two-operators.yaml", 13, 9, "schema[0].quality[0].mustBeLessThan",
            "2 operators (mustBeGreaterThan, mustBeLessThan)", "exactly one"),
        invalid("missing-operand.yaml", 12, 20, "schema[0].properties[0].quality[0].mustBe",
            "mustBe needs a number, found nothing"),
        invalid("sql-mustbe-text.yaml", 13, 17, "schema[0].quality[0].mustBe",
            "mustBe needs a number, found 'true'"),
        invalid("no-operator.yaml", 11, 13, "schema[0].properties[0].quality[0]",
            "needs one operator: mustBe, mustNotBe"),
        invalid("bad-regex.yaml", 13, 24, "schema[0].properties[0].quality[0].arguments.pattern",
            "pattern is not a valid regular expression"),
        invalid("between-one-value.yaml", 12, 24, "schema[0].quality[0].mustBeBetween",
            "mustBeBetween needs two numbers [low, high]", "with 1"),
        invalid("unknown-icegate-option.yaml", 6, 15, "customProperties[0].property",
            "unknown icegate option 'icegate.rejectMod'; did you mean 'icegate.rejectMode'?"),
        invalid("partition-unknown-column.yaml", 8, 9, "customProperties[0].value[0]",
            "column 'created_ts' is not a property of schema object 'orders'; did you mean 'created_at'?"),
        invalid("partition-bad-transform.yaml", 7, 13, "customProperties[0].value[0]",
            "hour() needs a column of type timestamp; 'created_on' is date"),
        invalid("duplicate-property.yaml", 12, 9, "schema[0].properties[2]",
            "duplicate property 'ID' (first on line 8)"),
        invalid("wrong-kind.yaml", 2, 7, "kind", "kind must be 'DataContract', found 'DataProduct'"),
        invalid("min-length-over-max.yaml", 12, 22, "schema[0].properties[0].logicalTypeOptions.maxLength",
            "maxLength 2 is less than minLength 10"),
        invalid("pattern-on-integer.yaml", 12, 11, "schema[0].properties[0].logicalTypeOptions.pattern",
            "pattern does not apply to logicalType integer (it applies to string)"),
        invalid("unknown-metric.yaml", 11, 21, "schema[0].properties[0].quality[0].metric",
            "unknown metric 'nullValue'; did you mean 'nullValues'?"),
        invalid("row-count-on-property.yaml", 11, 21, "schema[0].properties[0].quality[0].metric",
            "rowCount is a schema-level metric", "schema object 'orders'"),
        invalid("freshness-not-temporal.yaml", 8, 15, "customProperties[0].value.column",
            "freshness needs a column of type date or timestamp; 'id' is string"),
        invalid("bad-duration.yaml", 9, 15, "customProperties[0].value.maxAge",
            "maxAge '24h' is not an ISO-8601 duration"),
        invalid("bad-bound.yaml", 11, 20, "schema[0].properties[0].logicalTypeOptions.minimum",
            "minimum '2024-13-01' is not an ISO date"),
        invalid("unsupported-api-version.yaml", 1, 13, "apiVersion",
            "unsupported apiVersion 'v2.2.2'", "v3.0.0, v3.0.1, v3.0.2, v3.1.0"),
        invalid("invalid-values-no-arguments.yaml", 11, 13, "schema[0].properties[0].quality[0].arguments",
            "invalidValues needs arguments.validValues (a list) or arguments.pattern"),
        invalid("table-duplicates-unknown-column.yaml", 15, 35, "schema[0].quality[0].arguments.properties[1]",
            "'orderid' is not a property of schema object 'orders'; did you mean 'order_id'?"),
        invalid("sql-property-placeholder-on-table.yaml", 12, 16, "schema[0].quality[0].query",
            "placeholder '{property}' needs a property"),
        invalid("duplicate-key.yaml", 10, 9, "schema[0].properties[0].logicalType",
            "duplicate field 'logicalType' (first on line 9)"),
        invalid("icegate-option-on-property.yaml", 11, 23, "schema[0].properties[0].customProperties[0].property",
            "move 'icegate.rejectMode' there"),
        invalid("unreadable-format.yaml", 11, 19, "schema[0].properties[0].logicalTypeOptions.format",
            "format 'YYYY-ww' cannot be read: 'YYYY' has no strftime equivalent"),
        invalid("valid-values-wrong-type.yaml", 13, 35,
            "schema[0].properties[0].quality[0].arguments.validValues[2]",
            "valid value 'many' is not a whole number (logicalType integer)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidContracts")
  void reportsTheLineAndReasonOfEachMistake(String file, int line, int column, String path, List<String> words) {
    assertThat(problemsOf(file)).singleElement().satisfies(problem -> {
      assertThat(problem.line()).as("line").isEqualTo(line);
      assertThat(problem.column()).as("column").isEqualTo(column);
      assertThat(problem.path()).as("path").isEqualTo(path);
      assertThat(problem.message()).contains(words);
    });
  }

  @Test
  void reportsEveryProblemInDocumentOrder() {
    assertThat(problemsOf("many-problems.yaml"))
        .extracting(p -> p.line() + ":" + p.column() + " " + p.message())
        .containsExactly(
            "7:12 icegate.maxRejectedPercent must be between 0 and 100, found 150",
            "12:22 unknown logicalType 'sting' (expected one of string, integer, number, boolean, date, timestamp,"
                + " time)",
            "13:17 must be true or false, found 'yes'",
            "17:11 no value fits between lower bound 10 and upper bound 5",
            "22:19 unknown unit 'percnt' (expected rows or percent)");
  }

  @Test
  void messageListsEveryProblemWithFileLineAndColumn() {
    ContractException e = catchThrowableOfType(ContractException.class,
        () -> ContractParser.parse(resource("invalid/unknown-logical-type.yaml"), "trips.yaml"));

    assertThat(e.source()).isEqualTo("trips.yaml");
    assertThat(e.getMessage()).isEqualTo("trips.yaml:11:22 schema[0].properties[1].logicalType: unknown logicalType"
        + " 'strin' (expected one of string, integer, number, boolean, date, timestamp, time)");
  }

  @Test
  void reportsMissingIdAndVersionTogether() {
    assertThat(problemsOf("missing-id-version.yaml"))
        .extracting(p -> p.line() + " " + p.path() + ": " + p.message())
        .containsExactly("1 id: required field 'id' is missing", "1 version: required field 'version' is missing");
  }

  @Test
  void reportsYamlSyntaxErrorsAtTheirLine() {
    assertThat(problemsOf("yaml-syntax.yaml")).singleElement().satisfies(problem -> {
      assertThat(problem.line()).isEqualTo(10);
      assertThat(problem.message()).startsWith("YAML syntax error: ").contains("flow sequence");
    });
  }

  @Test
  void refusesDocumentsThatAreNotContracts() {
    assertThat(problems("", "empty.yaml")).singleElement()
        .extracting(YamlProblem::message).asString().contains("document is empty");
    assertThat(problems("# nothing but a comment\n", "comment.yaml")).singleElement()
        .extracting(YamlProblem::message).asString().contains("document is empty");
    assertThat(problems("- apiVersion: v3.1.0\n", "list.yaml")).singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("must be a mapping of fields, found a list"));
    assertThat(problems("apiVersion: v3.1.0\n---\nkind: DataContract\n", "two.yaml")).singleElement()
        .satisfies(p -> {
          assertThat(p.line()).isEqualTo(2);
          assertThat(p.message()).contains("expected a single document");
        });
  }

  @Test
  void refusesAliasBombs() {
    String bomb = """
        a: &a [x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        """;
    assertThat(problems(bomb, "bomb.yaml")).singleElement()
        .extracting(YamlProblem::message).asString().contains("Number of aliases");
  }

  @Test
  void refusesOversizedDocuments() {
    String huge = "description: '" + "x".repeat(YamlDocs.MAX_CODE_POINTS) + "'\n";
    assertThat(problems(huge, "huge.yaml")).singleElement()
        .extracting(YamlProblem::message).asString().isEqualTo("the contract is larger than 5 MB");
  }

  @Test
  void parsesFilesAndNamesThemInMessages(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("trips.yaml");
    Files.writeString(good, resource("v3.0.2.yaml"));
    assertThat(ContractParser.parse(good).id()).isEqualTo("53581432-6c55-4ba2-a65f-72344a91553a");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, resource("invalid/wrong-kind.yaml"));
    assertThatThrownBy(() -> ContractParser.parse(bad))
        .isInstanceOf(ContractException.class)
        .hasMessageStartingWith(bad + ":2:7 kind: ");
  }

  @Test
  void parsesEverySampleContract() throws IOException {
    Path samples = Path.of(System.getProperty("basedir", ".")).resolve("../local/samples/contracts").normalize();
    try (Stream<Path> files = Files.list(samples)) {
      List<Path> contracts = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(contracts).extracting(f -> f.getFileName().toString()).contains("trips.yaml");
      for (Path file : contracts) {
        assertThat(ContractParser.parse(file).schema()).as(file.toString()).isNotEmpty();
      }
    }
  }

  @Test
  void sampleTripsContractSaysWhatItsReadmeSays() {
    Path trips = Path.of(System.getProperty("basedir", ".")).resolve("../local/samples/contracts/trips.yaml");
    DataContract contract = ContractParser.parse(trips.normalize());

    assertThat(contract.options().rejectMode()).isEqualTo(RejectMode.ROWS);
    assertThat(contract.options().maxRejectedPercent()).isEqualTo(10.0);
    SchemaObject object = contract.objectFor("trips").orElseThrow();
    Property tripId = object.property("trip_id").orElseThrow();
    assertThat(tripId.required()).isTrue();
    assertThat(tripId.unique()).isTrue();
    assertThat(object.property("pickup_ts").orElseThrow().required()).isTrue();
    assertThat(object.property("passenger_count").orElseThrow().options())
        .extracting(TypeOptions::minimum, TypeOptions::maximum).containsExactly("0", "9");
    assertThat(object.property("trip_distance").orElseThrow().options().minimum()).isEqualTo("0");
    assertThat(object.property("payment_type").orElseThrow().quality()).singleElement()
        .extracting(QualityRule::validValues).asList()
        .containsExactly("card", "cash", "no_charge", "dispute", "unknown");
    assertThat(object.property("fare_amount").orElseThrow().quality()).singleElement().satisfies(rule -> {
      assertThat(rule.metric()).isEqualTo(Metric.NULL_VALUES);
      assertThat(rule.unit()).isEqualTo(Unit.PERCENT);
      assertThat(rule.threshold()).isEqualTo(threshold(Operator.MUST_BE_LESS_THAN, "5"));
    });
    assertThat(object.quality()).singleElement().satisfies(rule -> {
      assertThat(rule.metric()).isEqualTo(Metric.ROW_COUNT);
      assertThat(rule.threshold()).isEqualTo(threshold(Operator.MUST_BE_GREATER_OR_EQUAL_TO, "1"));
    });
  }

  private static Arguments invalid(String file, int line, int column, String path, String... words) {
    return Arguments.of(file, line, column, path, List.of(words));
  }

  private static Threshold threshold(Operator operator, String value) {
    return new Threshold(operator, new BigDecimal(value), null);
  }

  private static DataContract parseResource(String name) {
    return ContractParser.parse(resource(name), name);
  }

  private static List<YamlProblem> problemsOf(String name) {
    return problems(resource("invalid/" + name), name);
  }

  private static List<YamlProblem> problems(String yaml, String name) {
    ContractException e = catchThrowableOfType(ContractException.class, () -> ContractParser.parse(yaml, name));
    assertThat(e).as("%s must be refused", name).isNotNull();
    return e.problems();
  }

  private static String resource(String name) {
    try (InputStream in = ContractParserTest.class.getResourceAsStream("/contracts/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
