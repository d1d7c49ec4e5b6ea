package dev.creatorhub.payments.service;

import dev.creatorhub.payments.PaymentsAddresses;
import dev.creatorhub.payments.api.PaymentTopics;
import dev.creatorhub.payments.store.Accounts;
import dev.creatorhub.payments.store.JournalEntry;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.PaymentStore;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The journal entries of a payment's life (paid, released after the holding period, refunded or
 * charged back) and the access it bought. Each entry's id derives from the payment, and each step
 * marks itself done on the payment, so any of them can be repeated after a crash.
 */
final class Booking {

  private final PaymentStore payments;
  private final Ledger ledger;
  private final Entitlements entitlements;

  Booking(PaymentStore payments, Ledger ledger, Entitlements entitlements) {
    this.payments = payments;
    this.ledger = ledger;
    this.entitlements = entitlements;
  }

  Future<Void> postPayment(JsonObject payment) {
    String id = payment.getString("_id");
    JournalEntry entry = JournalEntry.builder("payment:" + id, "PAYMENT", payment.getString("currency"))
        .post(Accounts.fanFunding(payment.getString("userId")), -payment.getLong("amount"))
        .post(Accounts.PLATFORM_REVENUE, payment.getLong("fee"))
        .post(Accounts.creatorPending(payment.getString("creatorId")), payment.getLong("net"))
        .ref("paymentId", id).ref("type", payment.getString("type"))
        .build();
    JsonObject summary = Receipts.summary(payment);
    String typeTopic = switch (payment.getString("type")) {
      case "TIP" -> PaymentsAddresses.TOPIC_TIP_SENT;
      case "PPV" -> PaymentsAddresses.TOPIC_PPV_PURCHASED;
      case "TICKET" -> PaymentsAddresses.TOPIC_TICKET_PURCHASED;
      default -> null;
    };
    List<JsonObject> events = new ArrayList<>();
    events.add(Outbox.event(PaymentsAddresses.TOPIC_PAYMENT_SUCCEEDED, payment.getString("userId"), summary));
    if (typeTopic != null) {
      events.add(Outbox.event(typeTopic, payment.getString("creatorId"), summary));
    }
    return ledger.post(entry, events.toArray(JsonObject[]::new)).compose(posted -> payments.mark(id, "ledger.payment"));
  }

  /** Grants what a succeeded payment bought. */
  Future<Void> grant(JsonObject payment) {
    JsonObject entitlement = payment.getJsonObject("entitlement");
    if (entitlement == null || !"SUCCEEDED".equals(payment.getString("status"))) {
      return Future.succeededFuture();
    }
    String paymentId = payment.getString("_id");
    return entitlements.grant(payment.getString("userId"), entitlement.getString("kind"), entitlement.getString("target"),
            entitlement.getLong("until"), paymentId)
        // A refund may have landed between our read and the grant: it removes access after its own
        // status change, and we re-check ours after granting, so either order ends without access.
        .compose(v -> payments.status(paymentId))
        .compose(status -> "SUCCEEDED".equals(status) ? payments.mark(paymentId, "granted") : entitlements.revokePaidBy(paymentId));
  }

  Future<Void> postRelease(JsonObject payment) {
    String creator = payment.getString("creatorId");
    JournalEntry entry = JournalEntry.builder("release:" + payment.getString("_id"), "RELEASE", payment.getString("currency"))
        .post(Accounts.creatorPending(creator), -payment.getLong("net"))
        .post(Accounts.creatorAvailable(creator), payment.getLong("net"))
        .ref("paymentId", payment.getString("_id"))
        .build();
    return ledger.post(entry).compose(posted -> payments.mark(payment.getString("_id"), "ledger.release"));
  }

  /** Gives the money back from the balance it sat in at the refund (pending or available), then access ends. */
  Future<Void> postReversal(JsonObject payment) {
    String id = payment.getString("_id");
    String creator = payment.getString("creatorId");
    boolean chargeback = "DISPUTED".equals(payment.getString("status"));
    JournalEntry entry = JournalEntry.builder((chargeback ? "chargeback:" : "refund:") + id, chargeback ? "CHARGEBACK" : "REFUND",
            payment.getString("currency"))
        .post(Accounts.fanFunding(payment.getString("userId")), payment.getLong("amount"))
        .post(Accounts.PLATFORM_REVENUE, -payment.getLong("fee"))
        .post(payment.getBoolean("releasedAtRefund", false) ? Accounts.creatorAvailable(creator) : Accounts.creatorPending(creator),
            -payment.getLong("net"))
        .ref("paymentId", id)
        .build();
    JsonObject summary = Receipts.summary(payment);
    return ledger.post(entry, Outbox.event(PaymentsAddresses.TOPIC_REFUND_ISSUED, payment.getString("userId"), summary),
            Outbox.event(PaymentTopics.PAYMENT_REFUNDED, creator, summary))
        .compose(posted -> entitlements.revokePaidBy(id))
        .compose(r -> payments.mark(id, "ledger.refund"));
  }
}
