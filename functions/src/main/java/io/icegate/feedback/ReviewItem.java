package io.icegate.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One prediction to label, as a labelling tool gets it.
 *
 * @param requestId the request id to send the label for
 * @param model the model
 * @param version the model version that answered, when logged
 * @param variant the traffic variant that answered
 * @param ts when the prediction was served
 * @param prediction the predicted class or value
 * @param score the model's score
 * @param confidence the value it was ranked by (lower: less sure)
 * @param stratum the stratum it was sampled from
 * @param features the request's features, when logged as a JSON object
 */
public record ReviewItem(String requestId, String model, Long version, String variant, Instant ts, String prediction,
    Double score, double confidence, String stratum, JsonNode features) {}
