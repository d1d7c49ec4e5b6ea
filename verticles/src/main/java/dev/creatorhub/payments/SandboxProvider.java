package dev.creatorhub.payments;

import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The offline provider: behaves like Stripe test mode for Stripe's test payment-method ids, with no
 * network. {@code pm_card_visa} and {@code pm_card_mastercard} succeed,
 * {@code pm_card_chargeDeclined}, {@code pm_card_insufficientFunds} and {@code pm_card_chargeCustomerFail}
 * (can be saved, but every charge fails) are declined,
 * {@code pm_card_chargeDisputed} succeeds (and is later disputed). Its records live in
 * {@code sandbox_charges}, keyed by idempotency key, so a repeated call returns the first result.
 */
final class SandboxProvider implements PaymentProvider {

  static final String CHARGES = "sandbox_charges";
  private static final Map<String, String> DECLINES = Map.of(
      "pm_card_chargeDeclined", "card_declined",
      "pm_card_insufficientFunds", "insufficient_funds",
      "pm_card_chargeCustomerFail", "card_declined");
  private static final java.util.Set<String> SUCCEEDS = java.util.Set.of(
      "pm_card_visa", "pm_card_mastercard", "pm_card_chargeDisputed");

  private final MongoClient mongo;

  SandboxProvider(MongoClient mongo) {
    this.mongo = mongo;
  }

  static boolean knows(String paymentMethod) {
    return SUCCEEDS.contains(paymentMethod) || DECLINES.containsKey(paymentMethod);
  }

  @Override
  public Future<Charge> charge(ChargeRequest request) {
    if (!knows(request.paymentMethod())) {
      return Future.failedFuture(new ApiException(400, "No such payment method: use a Stripe test id such as pm_card_visa."));
    }
    String decline = DECLINES.get(request.paymentMethod());
    JsonObject record = new JsonObject()
        .put("_id", request.idempotencyKey())
        .put("chargeId", "ch_sandbox_" + UUID.randomUUID().toString().replace("-", ""))
        .put("status", decline == null ? "succeeded" : "declined")
        .put("declineCode", decline)
        .put("amount", request.amount()).put("currency", request.currency())
        .put("paymentMethod", request.paymentMethod())
        .put("disputed", false)
        .put("createdAt", Instant.now().toString());
    return mongo.insert(CHARGES, record).map(id -> toCharge(record))
        .recover(err -> Mongo.isDuplicateKey(err) ? find(request.idempotencyKey()) : Future.failedFuture(err));
  }

  @Override
  public Future<Charge> find(String idempotencyKey) {
    return mongo.findOne(CHARGES, new JsonObject().put("_id", idempotencyKey), null)
        .map(found -> found == null ? null : toCharge(found));
  }

  @Override
  public Future<String> refund(String chargeId, long amount, String idempotencyKey) {
    return mongo.updateCollection(CHARGES, new JsonObject().put("chargeId", chargeId),
            new JsonObject().put("$set", new JsonObject().put("refundedAmount", amount)))
        .map(r -> "re_sandbox_" + idempotencyKey);
  }

  @Override
  public Future<String> payout(String creatorId, long amount, String currency, String idempotencyKey) {
    return Future.succeededFuture("po_sandbox_" + idempotencyKey);
  }

  private static Charge toCharge(JsonObject record) {
    return new Charge(record.getString("chargeId"), record.getString("status"), record.getString("declineCode"));
  }
}
