package dev.creatorhub.payments.service;

import dev.creatorhub.payments.store.SandboxRecords;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The offline provider: behaves like Stripe test mode for Stripe's test payment-method ids, with no
 * network. {@code pm_card_visa} and {@code pm_card_mastercard} succeed,
 * {@code pm_card_chargeDeclined}, {@code pm_card_insufficientFunds} and {@code pm_card_chargeCustomerFail}
 * (can be saved, but every charge fails) are declined,
 * {@code pm_card_chargeDisputed} succeeds (and is later disputed). Its records ({@link SandboxRecords})
 * are keyed by idempotency key, so a repeated call returns the first result.
 */
public final class SandboxProvider implements PaymentProvider {

  private static final Map<String, String> DECLINES = Map.of(
      "pm_card_chargeDeclined", "card_declined",
      "pm_card_insufficientFunds", "insufficient_funds",
      "pm_card_chargeCustomerFail", "card_declined");
  private static final java.util.Set<String> SUCCEEDS = java.util.Set.of(
      "pm_card_visa", "pm_card_mastercard", "pm_card_chargeDisputed");

  private final io.vertx.core.Vertx vertx;
  private final SandboxRecords records;
  private final Clock clock;
  private final io.vertx.ext.web.client.WebClient web;
  private final String webhookUrl;
  private final String webhookSecret;
  private final long disputeDelayMs;

  /**
   * Like Stripe, the sandbox tells us about charges through signed webhooks sent to
   * {@code webhookUrl}; every event is also kept in its records (the provider's log).
   */
  SandboxProvider(io.vertx.core.Vertx vertx, SandboxRecords records, String webhookUrl, String webhookSecret, long disputeDelayMs,
                  Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.records = records;
    this.web = io.vertx.ext.web.client.WebClient.create(vertx);
    this.webhookUrl = webhookUrl;
    this.webhookSecret = webhookSecret;
    this.disputeDelayMs = disputeDelayMs;
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
        .put("createdAt", clock.instant().toString());
    return records.charged(record).compose(first -> {
      if (!first) {
        return find(request.idempotencyKey());
      }
      announce(record, request.metadata());
      return Future.succeededFuture(toCharge(record));
    });
  }

  @Override
  public Future<Charge> find(String idempotencyKey) {
    return records.charge(idempotencyKey)
        .map(found -> found == null ? null : toCharge(found));
  }

  /** Stripe's test cards as Stripe describes them. */
  private static final Map<String, CardDetails> TEST_CARDS = Map.of(
      "pm_card_visa", new CardDetails("visa", "4242", 12, 2034),
      "pm_card_mastercard", new CardDetails("mastercard", "4444", 12, 2034),
      "pm_card_chargeDeclined", new CardDetails("visa", "0002", 12, 2034),
      "pm_card_insufficientFunds", new CardDetails("visa", "9995", 12, 2034),
      "pm_card_chargeDisputed", new CardDetails("visa", "0259", 12, 2034),
      "pm_card_chargeCustomerFail", new CardDetails("visa", "0341", 12, 2034));

  @Override
  public Future<CardDetails> describeCard(String userId, String paymentMethod) {
    CardDetails card = TEST_CARDS.get(paymentMethod);
    return card == null ? Future.failedFuture(new ApiException(404, "No such payment method.")) : Future.succeededFuture(card);
  }

  @Override
  public Future<Void> removeCard(String userId, String paymentMethod) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> confirmReversal(String eventType, JsonObject object, String chargeId) {
    return records.chargeById(chargeId).map(record -> record != null && switch (eventType) {
      case "charge.refunded" -> record.getLong("refundedAmount", 0L) > 0;
      case "charge.dispute.created" -> object.getString("id") != null && object.getString("id").equals(record.getString("disputeId"));
      default -> false;
    });
  }

  @Override
  public Future<String> refund(String chargeId, long amount, String idempotencyKey) {
    return records.refunded(chargeId, amount)
        .map(record -> {
          if (record != null) {
            send("charge.refunded", new JsonObject().put("id", chargeId).put("object", "charge").put("refunded", true)
                .put("amount_refunded", amount).put("payment_intent", chargeId)
                .put("metadata", record.getJsonObject("metadata", new JsonObject())));
          }
          return "re_sandbox_" + idempotencyKey;
        });
  }

  /** What Stripe would send after a charge: success or failure, and for the dispute test card, a dispute. */
  private void announce(JsonObject record, JsonObject metadata) {
    String chargeId = record.getString("chargeId");
    boolean ok = "succeeded".equals(record.getString("status"));
    JsonObject intent = new JsonObject().put("id", chargeId).put("object", "payment_intent")
        .put("amount", record.getLong("amount")).put("currency", record.getString("currency").toLowerCase())
        .put("status", ok ? "succeeded" : "requires_payment_method").put("metadata", metadata);
    if (!ok) {
      intent.put("last_payment_error", new JsonObject().put("decline_code", record.getString("declineCode")));
    }
    records.updateCharge(record.getString("_id"), new JsonObject().put("metadata", metadata));
    send(ok ? "payment_intent.succeeded" : "payment_intent.payment_failed", intent);
    if (ok && "pm_card_chargeDisputed".equals(record.getString("paymentMethod"))) {
      String disputeId = "dp_sandbox_" + UUID.randomUUID().toString().replace("-", "");
      vertx.setTimer(disputeDelayMs, t -> records.updateCharge(record.getString("_id"),
              new JsonObject().put("disputed", true).put("disputeId", disputeId))
          .onSuccess(r -> send("charge.dispute.created", new JsonObject()
              .put("id", disputeId).put("object", "dispute")
              .put("charge", chargeId).put("payment_intent", chargeId).put("amount", record.getLong("amount"))
              .put("reason", "fraudulent").put("status", "needs_response").put("metadata", metadata))));
    }
  }

  /** Logs the event, then delivers it signed the way Stripe signs (stripe-java's own signer). */
  private void send(String type, JsonObject object) {
    JsonObject event = new JsonObject()
        .put("id", "evt_sandbox_" + UUID.randomUUID().toString().replace("-", ""))
        .put("object", "event").put("type", type).put("created", clock.instant().getEpochSecond())
        .put("livemode", false).put("data", new JsonObject().put("object", object));
    records.sent(event, clock.instant().toString());
    if (webhookUrl == null || webhookUrl.isBlank() || webhookSecret == null || webhookSecret.isBlank()) {
      return;
    }
    String payload = event.encode();
    try {
      String signature = com.stripe.net.Webhook.Signature.generateSignatureHeader(payload, webhookSecret);
      web.postAbs(webhookUrl).putHeader("Content-Type", "application/json").putHeader("Stripe-Signature", signature)
          .timeout(10_000).sendBuffer(io.vertx.core.buffer.Buffer.buffer(payload));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Future<Charge> saveCard(String userId, String paymentMethod, String idempotencyKey) {
    if (!knows(paymentMethod)) {
      return Future.failedFuture(new ApiException(400, "No such payment method: use a Stripe test id such as pm_card_visa."));
    }
    // Like Stripe: a declining card cannot be saved; pm_card_chargeCustomerFail can, and fails later.
    String decline = "pm_card_chargeCustomerFail".equals(paymentMethod) ? null : DECLINES.get(paymentMethod);
    return Future.succeededFuture(new Charge("seti_sandbox_" + idempotencyKey, decline == null ? "succeeded" : "declined", decline));
  }

  /**
   * Like Stripe's test bank account numbers: {@code 000123456789} (and any other number) pays out;
   * {@code 000111111116}, {@code 000111111113} and {@code 000222222227} refuse every payout.
   */
  static final Map<String, String> FAILING_BANKS = Map.of(
      "000111111116", "no_account", "000111111113", "account_closed", "000222222227", "insufficient_funds");
  static final String DEFAULT_BANK = "000123456789";

  @Override
  public Future<PayoutAccount> openPayoutAccount(String creatorId, String existingAccountId, JsonObject details) {
    String bank = details == null ? null : details.getString("bankAccount");
    String accountId = existingAccountId != null ? existingAccountId
        : "acct_sandbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    JsonObject set = new JsonObject().put("creatorId", creatorId);
    if (bank != null || existingAccountId == null) {
      set.put("bankAccount", bank == null ? DEFAULT_BANK : bank);
    }
    return records.saveAccount(accountId, set).map(account -> {
          String number = account.getString("bankAccount", DEFAULT_BANK);
          return new PayoutAccount(accountId, true, null, number.substring(number.length() - 4));
        });
  }

  /** Paid once per key; refused when the account's test bank refuses payouts. */
  @Override
  public Future<PayoutResult> payout(String creatorId, String accountId, long amount, String currency, String idempotencyKey) {
    return records.payout(idempotencyKey).compose(done -> {
      if (done != null) {
        return Future.succeededFuture(new PayoutResult(done.getString("reference"), done.getString("failureCode")));
      }
      return records.account(accountId).compose(account -> {
        if (account == null) {
          return Future.succeededFuture(new PayoutResult(null, "no_account"));
        }
        String failure = FAILING_BANKS.get(account.getString("bankAccount", DEFAULT_BANK));
        JsonObject record = new JsonObject().put("_id", idempotencyKey).put("accountId", accountId).put("amount", amount)
            .put("currency", currency).put("reference", failure == null ? "po_sandbox_" + idempotencyKey : null)
            .put("failureCode", failure).put("createdAt", clock.instant().toString());
        return records.paidOut(record).compose(first -> first ? Future.succeededFuture(new PayoutResult(record.getString("reference"), failure))
            : payout(creatorId, accountId, amount, currency, idempotencyKey));
      });
    });
  }

  @Override
  public JsonObject clientConfig() {
    return new JsonObject().put("provider", "sandbox").put("testPaymentMethods", new io.vertx.core.json.JsonArray()
        .add(method("pm_card_visa", "Visa (succeeds)")).add(method("pm_card_mastercard", "Mastercard (succeeds)"))
        .add(method("pm_card_chargeDeclined", "Declined card")).add(method("pm_card_insufficientFunds", "Insufficient funds"))
        .add(method("pm_card_chargeDisputed", "Succeeds, then disputed")));
  }

  private static JsonObject method(String id, String label) {
    return new JsonObject().put("id", id).put("label", label);
  }

  private static Charge toCharge(JsonObject record) {
    return new Charge(record.getString("chargeId"), record.getString("status"), record.getString("declineCode"));
  }
}
