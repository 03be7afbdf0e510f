package io.icegate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.icegate.auth.Scope;
import io.icegate.feedback.FeedbackBatch;
import io.icegate.feedback.FeedbackException;
import io.icegate.feedback.FeedbackItem;
import io.icegate.feedback.FeedbackService;
import io.icegate.feedback.ReviewQueue;
import io.icegate.feedback.ReviewRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The feedback loop over HTTP: {@code POST /v1/feedback} records labels, {@code GET
 * /v1/review-queue} hands out predictions to label. Both need scope {@code feedback}: the queue
 * records what it hands out and spends the day's budget, which a read-only token must not do.
 */
public final class FeedbackRoutes {

  /** Path of the labels resource. */
  public static final String FEEDBACK = "/v1/feedback";
  /** Path of the review queue. */
  public static final String REVIEW_QUEUE = "/v1/review-queue";

  private static final Set<String> QUEUE_PARAMETERS = Set.of(
      "model", "threshold", "confidence", "budget", "limit", "strata", "window", "variant");

  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,8})(\\.[0-9]{1,17})?([eE][-+]?[0-9]{1,3})?");

  private final FeedbackService feedback;
  private final ReviewQueue queue;

  public FeedbackRoutes(FeedbackService feedback, ReviewQueue queue) {
    this.feedback = feedback;
    this.queue = queue;
  }

  /** Adds the feedback routes to a route table. */
  public ApiRoutes.Builder addTo(ApiRoutes.Builder routes) {
    return routes
        .post(FEEDBACK, Scope.FEEDBACK, translated(this::record, true))
        .get(REVIEW_QUEUE, Scope.FEEDBACK, translated(this::reviewQueue, false));
  }

  /** Body of {@code POST /v1/feedback}. */
  record FeedbackBody(@JsonProperty(required = true) List<FeedbackItem> items, Boolean requireKnownRequestIds) {}

  private HttpResponse record(ApiCall call) {
    FeedbackBody b = call.body(FeedbackBody.class);
    if (b.items().size() > FeedbackService.MAX_ITEMS) {
      throw ApiException.invalidField("/items", b.items().size() + " items; at most " + FeedbackService.MAX_ITEMS
          + " per request (split the batch)");
    }
    for (int i = 0; i < b.items().size(); i++) {
      if (b.items().get(i) == null) {
        throw ApiException.invalidField("/items/" + i, "must be an object with requestId, label and source, found null");
      }
    }
    FeedbackBatch batch = feedback.record(call.actor(), b.items(), Boolean.TRUE.equals(b.requireKnownRequestIds()));
    return HttpResponse.ok(batch);
  }

  private HttpResponse reviewQueue(ApiCall call) {
    Set<String> unknown = new TreeSet<>(call.request().query().keySet());
    unknown.removeAll(QUEUE_PARAMETERS);
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(unknown.stream().map(p -> FieldProblem.parameter(p, "unknown parameter '"
          + Problem.printable(p) + "'; the parameters are " + String.join(", ", new TreeSet<>(QUEUE_PARAMETERS))))
          .toList());
    }
    for (Map.Entry<String, List<String>> p : call.request().query().entrySet()) {
      if (p.getValue().size() > 1) {
        throw ApiException.invalidParameter(p.getKey(), "given " + p.getValue().size() + " times; give it once");
      }
    }
    ReviewRequest request = ReviewRequest.of(call.query("model").orElse(null), number(call, "threshold"),
        call.query("confidence").orElse(null), integer(call, "budget"), integer(call, "limit"),
        call.query("strata").orElse(null), call.query("window").orElse(null), call.query("variant").orElse(null));
    return HttpResponse.ok(queue.next(call.actor(), request));
  }

  private static Double number(ApiCall call, String name) {
    String text = call.query(name).orElse(null);
    if (text == null) {
      return null;
    }
    // JSON's number grammar: Java's parser would also take "NaN", "1d" or hex
    if (!NUMBER.matcher(text).matches()) {
      throw ApiException.invalidParameter(name, "must be a number such as 0.2, found '" + Problem.printable(text) + "'");
    }
    return Double.parseDouble(text);
  }

  private static Integer integer(ApiCall call, String name) {
    String text = call.query(name).orElse(null);
    if (text == null) {
      return null;
    }
    if (!text.matches("[1-9][0-9]{0,8}")) {
      throw ApiException.invalidParameter(name, "must be a positive integer, found '" + Problem.printable(text) + "'");
    }
    return Integer.parseInt(text);
  }

  /** Maps the domain's refusals: a wrong parameter or field is a 400 naming it, anything else a 422. */
  private static Handler translated(Handler handler, boolean body) {
    return call -> {
      try {
        return handler.handle(call);
      } catch (FeedbackException e) {
        if (e.parameter() == null) {
          throw ApiException.of(422, e.getMessage());
        }
        throw body ? ApiException.invalidField("/" + e.parameter(), e.getMessage())
            : ApiException.invalidParameter(e.parameter(), e.getMessage());
      }
    };
  }
}
