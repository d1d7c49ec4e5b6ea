package dev.creatorhub.subscriptions.service;

import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Shapes of the subscriptions domain's request bodies (JSON Schema 2020-12); semantics are checked after. */
public final class SubscriptionsSchemas {

  private SubscriptionsSchemas() {
  }

  static final BodySchema SUBSCRIBE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["paymentMethod"],
       "properties": {"paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100},
                      "bundleMonths": {"enum": [1, 3, 6, 12]}}}"""));

  static final BodySchema UPDATE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "minProperties": 1,
       "properties": {"cancelAtPeriodEnd": {"type": "boolean"},
                      "paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100}}}"""));

  /** The REST bodies by operationId. */
  public static Map<String, BodySchema> byOperation() {
    return Map.of("subscribe", SUBSCRIBE, "updateSubscription", UPDATE);
  }
}
