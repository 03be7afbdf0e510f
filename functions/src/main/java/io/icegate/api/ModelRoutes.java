package io.icegate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.auth.Scope;
import io.icegate.contract.ContractException;
import io.icegate.gate.GateDecision;
import io.icegate.gate.GateException;
import io.icegate.gate.GateRequest;
import io.icegate.gate.GateService;
import io.icegate.gate.MetricException;
import io.icegate.gate.PolicyException;
import io.icegate.gate.Promotions;
import io.icegate.gate.ShadowRequest;
import io.icegate.registry.AliasConflictException;
import io.icegate.registry.Expected;
import io.icegate.registry.ModelVersion;
import io.icegate.registry.RegisterRequest;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryException;
import io.icegate.shadow.ShadowResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /v1} resources: registry, gate, promotion, rollback, shadow comparisons and the audit
 * log, as thin handlers over the domain services. Domain refusals become problem responses here, so
 * the services stay free of HTTP.
 */
public final class ModelRoutes {

  private static final String MODEL = "/v1/models/{model}";

  private final Registry registry;
  private final GateService gate;
  private final Promotions promotions;

  public ModelRoutes(Registry registry, GateService gate, Promotions promotions) {
    this.registry = registry;
    this.gate = gate;
    this.promotions = promotions;
  }

  /** These routes alone, as a table (the {@code api} bean adds {@link FeedbackRoutes} too). */
  public ApiRoutes routes() {
    return addTo(ApiRoutes.builder()).build();
  }

  /** Adds the registry, gate, promotion, shadow and audit routes to a route table. */
  public ApiRoutes.Builder addTo(ApiRoutes.Builder routes) {
    return routes
        .get("/v1/models", Scope.READ, translated(call -> HttpResponse.ok(Map.of("models", registry.models()))))
        .post(MODEL + "/versions", Scope.REGISTER, translated(this::register))
        .get(MODEL + "/versions", Scope.READ, translated(call ->
            HttpResponse.ok(Map.of("versions", registry.versions(call.path("model"))))))
        .get(MODEL + "/versions/{version}", Scope.READ, translated(call ->
            HttpResponse.ok(registry.version(call.path("model"), version(call)))))
        .get(MODEL + "/versions/{version}/lineage", Scope.READ, translated(call ->
            HttpResponse.ok(registry.lineage(call.path("model"), version(call)))))
        .post(MODEL + "/versions/{version}/gate", Scope.GATE, translated(this::gate))
        .get(MODEL + "/gate-decisions", Scope.READ, translated(this::decisions))
        .get(MODEL + "/gate-decisions/{decisionId}", Scope.READ, translated(call ->
            HttpResponse.ok(gate.decisions().get(call.path("model"), call.path("decisionId")).orElseThrow(() ->
                ApiException.notFound("model '" + call.path("model") + "' has no gate decision '"
                    + call.path("decisionId") + "'")))))
        .get(MODEL + "/aliases", Scope.READ, translated(call ->
            HttpResponse.ok(Map.of("aliases", registry.aliases(call.path("model"))))))
        .get(MODEL + "/aliases/{alias}", Scope.READ, translated(call ->
            HttpResponse.ok(registry.alias(call.path("model"), call.path("alias")))))
        .put(MODEL + "/aliases/{alias}", Scope.PROMOTE, translated(this::promote))
        .post(MODEL + "/aliases/{alias}/rollback", Scope.PROMOTE, translated(this::rollback))
        .post(MODEL + "/shadow-comparisons", Scope.GATE, translated(this::compareShadow))
        .get(MODEL + "/shadow-comparisons", Scope.READ, translated(call ->
            HttpResponse.ok(Map.of("comparisons", gate.shadow().list(call.path("model"))))))
        .get(MODEL + "/events", Scope.READ, translated(call ->
            HttpResponse.ok(Map.of("events", registry.events(call.path("model"))))))
        .get("/v1/events", Scope.READ, translated(call -> HttpResponse.ok(Map.of("events", registry.events()))));
  }

  /** Body of a registration; exactly one of artifactUri/artifactKey and of snapshotId/snapshotTag. */
  record RegisterBody(String artifactUri, String artifactKey, @JsonProperty(required = true) String sha256,
      @JsonProperty(required = true) String dataset, Long snapshotId, String snapshotTag,
      @JsonProperty(required = true) String codeCommit, Map<String, Object> params, JsonNode metrics, List<String> owners,
      String description) {}

  private HttpResponse register(ApiCall call) {
    RegisterBody b = call.body(RegisterBody.class);
    if ((b.artifactUri() == null) == (b.artifactKey() == null)) {
      throw ApiException.invalidField("/artifactKey", "give exactly one of artifactKey and artifactUri");
    }
    if ((b.snapshotId() == null) == (b.snapshotTag() == null)) {
      throw ApiException.invalidField("/snapshotId", "give exactly one of snapshotId and snapshotTag");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (b.params() != null) {
      b.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
    }
    String model = call.path("model");
    ModelVersion v = registry.register(call.actor(), new RegisterRequest(model,
        b.artifactKey() != null ? b.artifactKey() : b.artifactUri(), b.sha256(), b.dataset(), b.snapshotId(),
        b.snapshotTag(), b.codeCommit(), params, b.metrics(), b.owners() == null ? List.of() : b.owners(),
        b.description()), call.requestId());
    return HttpResponse.created(MODEL.replace("{model}", model) + "/versions/" + v.version(), v);
  }

  private HttpResponse gate(ApiCall call) {
    GateRequest request = call.body(GateRequest.class);
    String model = call.path("model");
    GateDecision d = gate.gate(call.actor(), model, version(call), request, call.requestId());
    return HttpResponse.created(MODEL.replace("{model}", model) + "/gate-decisions/" + d.decisionId(), d);
  }

  private HttpResponse decisions(ApiCall call) {
    Integer version = call.queryLong("version").map(Math::toIntExact).orElse(null);
    return HttpResponse.ok(Map.of("decisions", gate.decisions().list(call.path("model"), version)));
  }

  /** Body of a promotion: {@code expectedVersion} absent = no check, null = must be unset. */
  record PromoteBody(@JsonProperty(required = true) int version, Integer expectedVersion, String reason, Boolean override) {}

  private HttpResponse promote(ApiCall call) {
    PromoteBody b = call.body(PromoteBody.class);
    boolean override = Boolean.TRUE.equals(b.override());
    if (override) {
      call.require(Scope.OVERRIDE);
    }
    return HttpResponse.ok(promotions.promote(call.actor(), override, call.path("model"), call.path("alias"),
        b.version(), expected(call, b.expectedVersion()), b.reason(), override, call.requestId()));
  }

  /** Body of a rollback. */
  record RollbackBody(Integer expectedVersion, String reason) {}

  private HttpResponse rollback(ApiCall call) {
    RollbackBody b = call.body(RollbackBody.class);
    return HttpResponse.ok(registry.rollback(call.actor(), call.path("model"), call.path("alias"),
        expected(call, b.expectedVersion()), b.reason(), call.requestId()));
  }

  /** Body of a shadow/canary comparison. */
  record ShadowBody(@JsonProperty(required = true) String variant, String baselineVariant,
      @JsonProperty(required = true) Instant from, @JsonProperty(required = true) Instant to) {}

  private HttpResponse compareShadow(ApiCall call) {
    ShadowBody b = call.body(ShadowBody.class);
    String model = call.path("model");
    ShadowResult r = gate.compareShadow(call.actor(),
        new ShadowRequest(model, b.variant(), b.baselineVariant(), b.from(), b.to()));
    return HttpResponse.created(MODEL.replace("{model}", model) + "/shadow-comparisons/" + r.comparisonId(), r);
  }

  private static int version(ApiCall call) {
    return Math.toIntExact(call.pathLong("version"));
  }

  private static Expected expected(ApiCall call, Integer expectedVersion) {
    if (!call.bodyHas("expectedVersion")) {
      return Expected.anything();
    }
    return expectedVersion == null ? Expected.unset() : Expected.version(expectedVersion);
  }

  /** Maps the domain's refusals to problems: 404 for what is missing, 409 for lost races, 422 otherwise. */
  static Handler translated(Handler handler) {
    return call -> {
      try {
        return handler.handle(call);
      } catch (AliasConflictException e) {
        throw ApiException.conflict(e.getMessage(), e.current());
      } catch (RegistryException.NotFound e) {
        throw ApiException.notFound(e.getMessage());
      } catch (RegistryException | PolicyException | MetricException | ContractException e) {
        throw ApiException.of(422, e.getMessage());
      } catch (GateException e) {
        throw switch (e.reason()) {
          case NOT_FOUND -> ApiException.notFound(e.getMessage());
          case FORBIDDEN -> ApiException.of(403, e.getMessage());
          case INVALID, UNMET -> ApiException.of(422, e.getMessage());
        };
      }
    };
  }
}
