package dev.creatorhub.payments.service;

import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.payments.store.PaymentStore;
import dev.creatorhub.payments.store.WebhookEvents;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The provider's word on our payments: signed webhook events (applied once per event id, each a
 * conditional transition, so repeats and reordering change nothing more), refunds an admin issues,
 * and disputes.
 */
public final class Reversals {

  private static final Logger LOG = LoggerFactory.getLogger(Reversals.class);

  private final PaymentStore payments;
  private final WebhookEvents events;
  private final Paying paying;
  private final Booking booking;
  private final Payouts payouts;
  private final PaymentProvider provider;
  private final Receipts receipts;
  private final PaymentsSettings settings;
  private final Clock clock;

  Reversals(PaymentStore payments, WebhookEvents events, Paying paying, Booking booking, Payouts payouts, PaymentProvider provider,
            Receipts receipts, PaymentsSettings settings, Clock clock) {
    this.payments = payments;
    this.events = events;
    this.paying = paying;
    this.booking = booking;
    this.payouts = payouts;
    this.provider = provider;
    this.receipts = receipts;
    this.settings = settings;
    this.clock = clock;
  }

  /** A Stripe event: refused unless signed with our secret within the tolerance (old or forged events fail). */
  public Future<JsonObject> webhook(String payload, String signature) {
    String secret = settings.webhookSecret();
    if (secret.isBlank()) {
      return Future.failedFuture(new ApiException(400, "Webhooks are not configured (payments.webhookSecret)."));
    }
    if (signature == null || payload == null) {
      return Future.failedFuture(new ApiException(400, "The event is not signed."));
    }
    try {
      com.stripe.net.Webhook.Signature.verifyHeader(payload, signature, secret, settings.webhookToleranceSeconds());
    } catch (com.stripe.exception.SignatureVerificationException e) {
      return Future.failedFuture(new ApiException(400, "The signature does not match, or the event is too old."));
    }
    JsonObject event;
    try {
      event = new JsonObject(payload);
    } catch (RuntimeException e) {
      return Future.failedFuture(new ApiException(400, "The event is not JSON."));
    }
    String id = event.getString("id");
    if (id == null || event.getString("type") == null) {
      return Future.failedFuture(new ApiException(400, "The event has no id or type."));
    }
    return events.first(id, event.getString("type"), clock.instant().toString()).compose(first -> !first
        ? Future.succeededFuture(new JsonObject().put("received", true).put("duplicate", true))
        : apply(event)
            // Not applied: forget the id so the provider's retry applies it.
            .recover(err -> events.forget(id).compose(r -> Future.failedFuture(err)))
            .map(v -> new JsonObject().put("received", true)));
  }

  private Future<Void> apply(JsonObject event) {
    JsonObject object = event.getJsonObject("data", new JsonObject()).getJsonObject("object", new JsonObject());
    if ("account.updated".equals(event.getString("type"))) {
      return payouts.accountUpdated(event, object);
    }
    return paymentFor(object).compose(payment -> {
      if (payment == null) {
        return Future.succeededFuture(); // not one of ours
      }
      String type = event.getString("type");
      return switch (type) {
        case "payment_intent.succeeded", "payment_intent.payment_failed" ->
            "PENDING".equals(payment.getString("status")) ? paying.settleFromProvider(payment, false) : Future.succeededFuture();
        case "charge.refunded", "charge.dispute.created" -> reverseIfConfirmed(type, object, payment);
        default -> Future.succeededFuture();
      };
    });
  }

  /**
   * A refund or a dispute reverses a payment only once the provider confirms it (a signed event is not
   * proof enough: a leaked secret would let anyone reverse real payments). It can overtake the success
   * event, so a pending payment is settled from the provider first.
   */
  private Future<Void> reverseIfConfirmed(String type, JsonObject object, JsonObject payment) {
    String id = payment.getString("_id");
    Future<JsonObject> current = "PENDING".equals(payment.getString("status"))
        ? paying.settleFromProvider(payment, false).compose(v -> payments.byId(id))
        : Future.succeededFuture(payment);
    return current.compose(p -> {
      if (!"SUCCEEDED".equals(p.getString("status"))) {
        return Future.succeededFuture();
      }
      return provider.confirmReversal(type, object, p.getString("chargeId")).compose(confirmed -> {
        if (!confirmed) {
          LOG.warn("ignored a {} event for payment {}: the provider does not confirm it", type, id);
          return Future.succeededFuture();
        }
        return reverse(p, type.equals("charge.dispute.created") ? "DISPUTED" : "REFUNDED", object.getString("id")).mapEmpty();
      });
    });
  }

  private Future<JsonObject> paymentFor(JsonObject object) {
    String paymentId = object.getJsonObject("metadata", new JsonObject()).getString("paymentId");
    if (paymentId != null) {
      return payments.byId(paymentId);
    }
    String charge = object.getString("payment_intent", object.getString("charge", object.getString("id")));
    return charge == null ? Future.succeededFuture(null) : payments.byChargeId(charge);
  }

  /** An admin refunds a succeeded payment in full (a refunded one answers its receipt again). */
  public Future<JsonObject> refund(String paymentId) {
    return payments.byId(paymentId).compose(payment -> {
      if (payment == null) {
        return Future.failedFuture(new ApiException(404, "No such payment."));
      }
      if ("REFUNDED".equals(payment.getString("status"))) {
        return Future.succeededFuture(receipts.receipt(payment));
      }
      if (!"SUCCEEDED".equals(payment.getString("status"))) {
        return Future.failedFuture(new ApiException(409, "Only a succeeded payment can be refunded."));
      }
      return provider.refund(payment.getString("chargeId"), payment.getLong("amount"), "refund_" + paymentId)
          .compose(refundId -> reverse(payment, "REFUNDED", refundId));
    });
  }

  /**
   * Moves a succeeded payment to REFUNDED or DISPUTED: one conditional update decides, against the
   * holding-period release, which creator balance gives the money back; then the entry is posted and access ends.
   */
  private Future<JsonObject> reverse(JsonObject payment, String status, String providerRef) {
    String id = payment.getString("_id");
    boolean released = payment.getBoolean("released", false);
    JsonObject set = new JsonObject().put("status", status).put("refundedAt", clock.instant().toString())
        .put("releasedAtRefund", released).put("refundRef", providerRef);
    return payments.reverse(id, released, set).compose(mine -> payments.byId(id).compose(current -> {
      if (!mine) {
        // Released meanwhile: decide again. Reversed by another run (a refund event, a dispute): answer once its
        // entry is posted and its access ended, which that run may not have done yet (posting is idempotent).
        return "SUCCEEDED".equals(current.getString("status")) ? reverse(current, status, providerRef)
            : current.getString("refundedAt") != null && !current.getJsonObject("ledger", new JsonObject()).getBoolean("refund", false)
                ? booking.postReversal(current).map(v -> receipts.receipt(current))
                : Future.succeededFuture(receipts.receipt(current));
      }
      return booking.postReversal(current).map(v -> receipts.receipt(current));
    }));
  }
}
