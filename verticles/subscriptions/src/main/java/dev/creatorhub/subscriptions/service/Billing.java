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
    String onlyFrom = SubscriptionTopics.ACTIVATED.equals(topic) ? "INCOMPLETE" : null;
    JsonObject set = periodSet(doc, status, start, end);
    return startPeriod(doc, onlyFrom, set, topic)
        .compose(changed -> changed ? Future.succeededFuture(SubscriptionViews.view(started(doc, set)))
            : store.byId(doc.getString("_id")).map(current -> SubscriptionViews.view(current == null ? started(doc, set) : current)));
  }

  /**
   * A paid renewal starts its period from the status the renewal read. The fan may have cancelled
   * while it was being charged: the period stays paid (access runs to its end) and the subscription
   * stays cancelled, never silently active again (nor an ended one revived).
   */
  Future<Void> renewed(JsonObject doc, long start, long end) {
    return startPeriod(doc, doc.getString("status"), periodSet(doc, "ACTIVE", start, end), SubscriptionTopics.RENEWED)
        .compose(changed -> changed ? Future.succeededFuture(true)
            // This period is paid: turning renewal back on leaves it active.
            : startPeriod(doc, "CANCELLED", periodSet(doc, "CANCELLED", start, end).put("resumeStatus", "ACTIVE"), SubscriptionTopics.RENEWED))
        .mapEmpty();
  }

  /** The period's fields. The period is stored with it: the next renewal's charge key and a refund's check depend on it. */
  private JsonObject periodSet(JsonObject doc, String status, long start, long end) {
    return new JsonObject().put("status", status).put("period", doc.getLong("period"))
        .put("currentPeriodStart", start).put("currentPeriodEnd", end).put("attempts", 0).putNull("nextAttemptAt")
        .put("updatedAt", clock.instant().toString());
  }

  /** Sets the period on the term's document (matching {@code onlyFrom} when given) with its event; true when this call changed it. */
  private Future<Boolean> startPeriod(JsonObject doc, String onlyFrom, JsonObject set, String topic) {
    return store.transition(doc.getString("_id"), doc.getString("term"), onlyFrom, set,
        new JsonObject().put("pending", "").put("previous", ""),
        Outbox.event(topic, doc.getString("creatorId"), SubscriptionViews.summary(started(doc, set))));
  }

  private static JsonObject started(JsonObject doc, JsonObject set) {
    JsonObject updated = doc.copy().mergeIn(set);
    updated.remove("pending");
    updated.remove("previous");
    return updated;
  }

  Future<Void> end(JsonObject sub, String reason) {
    JsonObject set = new JsonObject().put("status", "EXPIRED").put("endedReason", reason).put("updatedAt", clock.instant().toString());
    return store.expire(sub.getString("_id"), sub.getString("term"), set,
        Outbox.event(SubscriptionTopics.EXPIRED, sub.getString("creatorId"), SubscriptionViews.summary(sub.copy().mergeIn(set)))).mapEmpty();
  }
}
