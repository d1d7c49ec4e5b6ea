package dev.creatorhub.payments.service;

import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Shapes of the payments domain's request bodies (JSON Schema 2020-12); semantics are checked after. */
public final class PaymentsSchemas {

  private PaymentsSchemas() {
  }

  static final BodySchema TIP = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["creator", "amount", "paymentMethod"],
       "properties": {
         "creator": {"type": "string", "minLength": 1, "maxLength": 64},
         "amount": {"type": "object", "additionalProperties": false, "required": ["amount", "currency"],
           "properties": {"amount": {"type": "integer", "minimum": 1, "maximum": 1000000000},
                          "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}},
         "postId": {"type": "string", "maxLength": 64},
         "streamId": {"type": "string", "maxLength": 64},
         "message": {"type": "string", "maxLength": 500},
         "paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100}
       }}"""));

  /** A PPV post or a stream ticket: the card; the price is the offer's. */
  static final BodySchema PURCHASE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["paymentMethod"],
       "properties": {"paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100}}}"""));

  static final BodySchema PAYOUT_ACCOUNT = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false,
       "properties": {"bankAccount": {"type": "string", "pattern": "^[0-9]{6,17}$"}}}"""));

  /** The REST bodies by operationId. */
  public static Map<String, BodySchema> byOperation() {
    return Map.of("sendTip", TIP, "purchasePost", PURCHASE, "buyTicket", PURCHASE, "openPayoutAccount", PAYOUT_ACCOUNT);
  }
}
