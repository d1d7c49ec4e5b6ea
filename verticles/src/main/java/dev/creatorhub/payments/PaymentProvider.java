package dev.creatorhub.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where cards are charged. Every call carries an idempotency key, and the provider must return the
 * first result for a repeated key (Stripe does; so does the sandbox).
 */
interface PaymentProvider {

  record ChargeRequest(String idempotencyKey, String customerId, String paymentMethod, long amount, String currency,
                       JsonObject metadata) {
  }

  /** {@code status} is {@code succeeded} or {@code declined} (then {@code declineCode} says why). */
  record Charge(String id, String status, String declineCode) {
    boolean succeeded() {
      return "succeeded".equals(status);
    }
  }

  Future<Charge> charge(ChargeRequest request);

  /** The charge made under this idempotency key, or null when none was made. */
  Future<Charge> find(String idempotencyKey);

  /** Refunds a charge; returns the refund id. */
  Future<String> refund(String chargeId, long amount, String idempotencyKey);

  /** Pays a creator out; returns the payout id. */
  Future<String> payout(String creatorId, long amount, String currency, String idempotencyKey);
}
