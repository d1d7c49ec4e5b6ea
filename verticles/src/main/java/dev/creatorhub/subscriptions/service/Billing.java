package dev.creatorhub.subscriptions.service;

import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.api.ChargesClient.Charge;
import dev.creatorhub.payments.api.ChargesClient.Usage;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import dev.creatorhub.subscriptions.store.SubscriptionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/** The transitions subscribing and renewing share: charge a period, activate it, end a term. */
final class Billing {

  private final SubscriptionStore store;
  private final ChargesClient charges;
  private final Clock clock;

  Billing(SubscriptionStore store, ChargesClient charges, Clock clock) {
    this.store = store;
    this.charges = charges;
    this.clock = clock;
  }

  /**
   * One charge per term (each time a fan subscribes), period and attempt: a retry after a decline
   * is a new charge, a repeat of the same attempt (a crash, a second scheduler) is not.
   */
  Future<JsonObject> charge(JsonObject doc, long period, long until, Usage usage) {
    return charges.charge(new Charge("sub:" + doc.getString("term") + ":" + period + ":" + doc.getInteger("attempts", 0),
        doc.getString("fanId"), doc.getString("creatorId"), "SUBSCRIPTION", doc.getJsonObject("price").getLong("amount"),
        doc.getString("paymentMethod"), usage,
        new JsonObject().put("subscriptionId", doc.getString("_id")).put("period", period).put("months", doc.getInteger("months")),
        Kind.SUBSCRIPTION, doc.getString("creatorId"), until));
  }

  /** Starts a period; an activation ({@code ACTIVATED}) happens once per attempt, however many runs finish it. */
  Future<JsonObject> activate(JsonObject doc, String status, long start, long end, String topic) {
    // The period is stored with it: the next renewal's charge key and a refund's check depend on it.
    JsonObject set = new JsonObject().put("status", status).put("period", doc.getLong("period"))
        .put("currentPeriodStart", start).put("currentPeriodEnd", end).put("attempts", 0).putNull("nextAttemptAt").put("updatedAt", clock.instant().toString());
    JsonObject updated = doc.copy().mergeIn(set);
    updated.remove("pending");
    updated.remove("previous");
    String onlyFrom = SubscriptionTopics.ACTIVATED.equals(topic) ? "INCOMPLETE" : null;
    return store.transition(doc.getString("_id"), doc.getString("term"), onlyFrom, set,
            new JsonObject().put("pending", "").put("previous", ""),
            Outbox.event(topic, doc.getString("creatorId"), SubscriptionViews.summary(updated)))
        .compose(changed -> changed ? Future.succeededFuture(SubscriptionViews.view(updated))
            : store.byId(doc.getString("_id")).map(current -> SubscriptionViews.view(current == null ? updated : current)));
  }

  Future<Void> end(JsonObject sub, String reason) {
    JsonObject set = new JsonObject().put("status", "EXPIRED").put("endedReason", reason).put("updatedAt", clock.instant().toString());
    return store.expire(sub.getString("_id"), sub.getString("term"), set,
        Outbox.event(SubscriptionTopics.EXPIRED, sub.getString("creatorId"), SubscriptionViews.summary(sub.copy().mergeIn(set)))).mapEmpty();
  }
}
