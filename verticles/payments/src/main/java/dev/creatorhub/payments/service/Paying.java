package dev.creatorhub.payments.service;

import dev.creatorhub.payments.store.Offers;
import dev.creatorhub.payments.store.PaymentStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One payment from claim to outcome: the document (with its offer claim) is written before the card
 * is charged; then the charge under a key derived from the payment, then the booking and the grant.
 * A second run of the same operation (its node died, the fan retried) finds the payment and finishes
 * it instead of starting another.
 */
final class Paying {

  /** The decline code of a payment the sweep failed because its node died before the charge. */
  static final String NOT_CHARGED = "not_charged";

  private final PaymentStore payments;
  private final Offers offers;
  private final PaymentProvider provider;
  private final Cards cards;
  private final Booking booking;
  private final Receipts receipts;
  private final String currency;
  private final int feeBps;
  private final Clock clock;

  Paying(PaymentStore payments, Offers offers, PaymentProvider provider, Cards cards, Booking booking, Receipts receipts,
         String currency, int feeBps, Clock clock) {
    this.payments = payments;
    this.offers = offers;
    this.provider = provider;
    this.cards = cards;
    this.booking = booking;
    this.receipts = receipts;
    this.currency = currency;
    this.feeBps = feeBps;
    this.clock = clock;
  }

  /**
   * Charges the card, then books the payment and grants what it bought. 402 when the card is
   * declined. The payment's id is the operation's (random without a key).
   */
  Future<JsonObject> pay(String paymentId, String userId, String creatorId, String type, long amount, String paymentMethod,
                         PaymentProvider.Usage usage, JsonObject refs, JsonObject entitlement) {
    Fees fees = Fees.split(amount, feeBps);
    JsonObject payment = new JsonObject()
        .put("_id", paymentId != null ? paymentId : UUID.randomUUID().toString())
        .put("userId", userId).put("creatorId", creatorId).put("type", type)
        .put("amount", amount).put("fee", fees.fee()).put("net", fees.net()).put("currency", currency)
        .put("status", "PENDING").put("paymentMethod", paymentMethod).put("usage", usage.name()).put("refs", refs)
        .put("entitlement", entitlement).put("released", false).put("createdAt", clock.instant().toString());
    String offer = Offers.of(userId, entitlement);
    if (offer != null) {
      payment.put(Offers.FIELD, offer);
    }
    return payments.insert(payment).transform(inserted -> {
      if (inserted.succeeded()) {
        return chargeAndSettle(payment);
      }
      if (!Mongo.isDuplicateKey(inserted.cause())) {
        return Future.failedFuture(inserted.cause());
      }
      return payments.byId(payment.getString("_id")).compose(earlier -> earlier != null ? resume(earlier)
          : offer != null ? offers.claimedBy(offer) : Future.failedFuture(inserted.cause()));
    });
  }

  /** The operation already has a payment (an earlier run of it was interrupted): finish that one, else run {@code first}. */
  Future<JsonObject> resumeOr(String operation, Supplier<Future<JsonObject>> first) {
    if (operation == null) {
      return first.get(); // a request without a key: the common case costs no lookup
    }
    return payments.byId(operation).compose(earlier -> earlier != null ? resume(earlier) : first.get());
  }

  /** Answers what the payment's first run would have: its receipt, or the decline; a pending one is driven on. */
  private Future<JsonObject> resume(JsonObject payment) {
    return switch (payment.getString("status")) {
      case "PENDING" -> provider.find("pay_" + payment.getString("_id"))
          .compose(charge -> charge != null ? settle(payment, charge) : chargeAndSettle(payment));
      case "FAILED" -> NOT_CHARGED.equals(payment.getString("declineCode")) ? chargeAgain(payment)
          : declined(payment.getString("userId"), payment.getString("paymentMethod"), payment.getString("declineCode"));
      default -> complete(payment, payment.getString("chargeId"));
    };
  }

  /**
   * The sweep gave up on a payment whose node died before charging (nothing was taken); its request
   * came back, so it runs: pending again (claiming its offer again) and charged.
   */
  private Future<JsonObject> chargeAgain(JsonObject payment) {
    String id = payment.getString("_id");
    JsonObject set = new JsonObject().put("status", "PENDING").put("createdAt", clock.instant().toString());
    String offer = Offers.of(payment.getString("userId"), payment.getJsonObject("entitlement"));
    if (offer != null) {
      set.put(Offers.FIELD, offer);
    }
    return payments.retry(id, NOT_CHARGED, set)
        .transform(ar -> ar.failed() && offer != null && Mongo.isDuplicateKey(ar.cause()) ? offers.claimedBy(offer)
            : ar.failed() ? Future.failedFuture(ar.cause())
            : payments.byId(id).compose(this::resume));
  }

  private Future<JsonObject> chargeAndSettle(JsonObject payment) {
    String id = payment.getString("_id");
    PaymentProvider.Usage usage = PaymentProvider.Usage.valueOf(payment.getString("usage", "ONE_OFF"));
    return provider.charge(new PaymentProvider.ChargeRequest("pay_" + id, payment.getString("userId"), payment.getString("paymentMethod"),
            payment.getLong("amount"), payment.getString("currency"), usage,
            new JsonObject().put("paymentId", id).put("type", payment.getString("type"))))
        .compose(charge -> settle(payment, charge));
  }

  private Future<JsonObject> settle(JsonObject payment, PaymentProvider.Charge charge) {
    String userId = payment.getString("userId");
    String paymentMethod = payment.getString("paymentMethod");
    if (!charge.succeeded()) {
      return payments.fail(payment.getString("_id"), charge.declineCode())
          .compose(r -> declined(userId, paymentMethod, charge.declineCode()));
    }
    return complete(payment, charge.id()).compose(done -> cards.remember(userId, paymentMethod).map(done));
  }

  private Future<JsonObject> declined(String userId, String paymentMethod, String declineCode) {
    return cards.summary(userId, paymentMethod)
        .compose(card -> Future.failedFuture(new ApiException(402, "Payment Required", "The card was declined.",
            new JsonObject().put("declineCode", declineCode).put("card", card))));
  }

  /** Marks the payment succeeded, posts its journal entry, grants its entitlement. Safe to repeat. */
  Future<JsonObject> complete(JsonObject payment, String chargeId) {
    String id = payment.getString("_id");
    return payments.succeed(id, chargeId, clock.instant().toString())
        .compose(r -> payments.byId(id))
        .compose(current -> booking.postPayment(current).compose(v -> booking.grant(current)).map(v -> receipts.receipt(current)));
  }

  /** An event or a sweep about a pending payment: what the provider recorded under our key decides. */
  Future<Void> settleFromProvider(JsonObject payment, boolean giveUpWhenNotCharged) {
    String id = payment.getString("_id");
    return provider.find("pay_" + id).compose(charge -> {
      if (charge != null && charge.succeeded()) {
        return complete(payment, charge.id()).mapEmpty();
      }
      if (charge == null && !giveUpWhenNotCharged) {
        return Future.succeededFuture(); // not charged yet: the request that is charging finishes it
      }
      return payments.fail(id, charge == null ? NOT_CHARGED : charge.declineCode());
    });
  }
}
