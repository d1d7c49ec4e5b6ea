package dev.creatorhub.payments.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where cards are charged and creators are paid. Every money-moving call carries an idempotency key,
 * and the provider must return the first result for a repeated key (Stripe does; so does the sandbox).
 * {@code userId} is ours: the provider maps it to its own customer.
 */
interface PaymentProvider {

  /** How a card is used: once, once and kept for renewals, or a renewal charged while the fan is away. */
  enum Usage { ONE_OFF, SAVE_FOR_RENEWALS, RENEWAL }

  record ChargeRequest(String idempotencyKey, String userId, String paymentMethod, long amount, String currency,
                       Usage usage, JsonObject metadata) {
  }

  /** {@code status} is {@code succeeded} or {@code declined} (then {@code declineCode} says why). */
  record Charge(String id, String status, String declineCode) {
    boolean succeeded() {
      return "succeeded".equals(status);
    }
  }

  /**
   * A creator's account that payouts go to; {@code onboardingUrl} is where the creator finishes setting
   * it up, {@code bankLast4} the bank account's last digits when the provider tells them.
   */
  record PayoutAccount(String accountId, boolean payoutsEnabled, String onboardingUrl, String bankLast4) {
  }

  /** A payout the provider answered: paid ({@code reference}) or refused for good ({@code failureCode}). */
  record PayoutResult(String reference, String failureCode) {
    boolean refused() {
      return failureCode != null;
    }
  }

  Future<Charge> charge(ChargeRequest request);

  /**
   * The charge made under this idempotency key, or null when none was made. Never charges: a charge
   * left half-done is cancelled and reported declined.
   */
  Future<Charge> find(String idempotencyKey);

  /**
   * Whether the provider's own records show this refund ({@code charge.refunded}) or dispute
   * ({@code charge.dispute.created}) on {@code chargeId}, the charge of one of our payments. A webhook
   * is only a hint: money goes back only for what the provider confirms.
   */
  Future<Boolean> confirmReversal(String eventType, JsonObject object, String chargeId);

  /** What a card is, as the provider knows it (never the number). */
  record CardDetails(String brand, String last4, int expMonth, int expYear) {
  }

  Future<CardDetails> describeCard(String userId, String paymentMethod);

  /** Stops keeping a card for this user (Stripe: detaches the PaymentMethod). */
  Future<Void> removeCard(String userId, String paymentMethod);

  /** Checks a card and keeps it for later charges without charging it (a free trial). */
  Future<Charge> saveCard(String userId, String paymentMethod, String idempotencyKey);

  /** Refunds a charge; returns the refund id. */
  Future<String> refund(String chargeId, long amount, String idempotencyKey);

  /**
   * Creates the creator's payout account (or a fresh onboarding link for {@code existingAccountId});
   * {@code details} carries what a provider takes directly (the sandbox: a test bank account number).
   */
  Future<PayoutAccount> openPayoutAccount(String creatorId, String existingAccountId, JsonObject details);

  /**
   * Pays a creator out to {@code accountId}. A failed future means no answer (unknown outcome: ask
   * again under the same key); a refusal is a {@link PayoutResult} with its failure code.
   */
  Future<PayoutResult> payout(String creatorId, String accountId, long amount, String currency, String idempotencyKey);

  /** What a browser needs to collect cards for this provider (never a secret). */
  JsonObject clientConfig();
}
