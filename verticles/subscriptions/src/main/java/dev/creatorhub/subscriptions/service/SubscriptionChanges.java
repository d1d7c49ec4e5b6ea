package dev.creatorhub.subscriptions.service;

import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import dev.creatorhub.subscriptions.store.SubscriptionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/** A fan cancels at period end, turns renewal back on, or changes the card renewals use. */
public final class SubscriptionChanges {


  private final SubscriptionStore store;
  private final ChargesClient charges;
  private final Clock clock;

  SubscriptionChanges(SubscriptionStore store, ChargesClient charges, Clock clock) {
    this.store = store;
    this.charges = charges;
    this.clock = clock;
  }

  public Future<JsonObject> cancel(String fanId, String id) {
    return store.owned(id, fanId).compose(sub -> {
      if (sub == null || "INCOMPLETE".equals(sub.getString("status"))) {
        return Future.failedFuture(new ApiException(404, "No such subscription."));
      }
      if ("CANCELLED".equals(sub.getString("status"))) {
        return Future.succeededFuture(SubscriptionViews.view(sub));
      }
      if ("EXPIRED".equals(sub.getString("status"))) {
        return Future.failedFuture(new ApiException(409, "This subscription has already ended."));
      }
      JsonObject set = new JsonObject().put("status", "CANCELLED").put("cancelAtPeriodEnd", true)
          .put("resumeStatus", sub.getString("status")).put("updatedAt", clock.instant().toString());
      JsonObject updated = sub.copy().mergeIn(set);
      return store.transitionFrom(id, sub.getString("status"), set,
              Outbox.event(SubscriptionTopics.CANCELLED, sub.getString("creatorId"), SubscriptionViews.summary(updated)))
          // Changed meanwhile (a renewal finished): decide again on what it is now.
          .compose(changed -> changed ? Future.succeededFuture(SubscriptionViews.view(updated)) : cancel(fanId, id));
    });
  }

  /**
   * {@code PATCH /subscriptions/{id}}: {@code cancelAtPeriodEnd: false} turns renewal back on before
   * the period ends (true cancels, as DELETE does); {@code paymentMethod} changes the card renewals
   * use (checked and kept first) and retries a past-due renewal at once.
   */
  public Future<JsonObject> update(String fanId, String id, JsonObject request) {
    JsonObject body = SubscriptionsSchemas.UPDATE.check(request);
    if (Boolean.TRUE.equals(body.getBoolean("cancelAtPeriodEnd")) && body.size() == 1) {
      return cancel(fanId, id);
    }
    return store.owned(id, fanId).compose(sub -> {
      if (sub == null || "INCOMPLETE".equals(sub.getString("status"))) {
        return Future.failedFuture(new ApiException(404, "No such subscription."));
      }
      if (!SubscriptionViews.isLive(sub, clock.millis())) {
        return Future.failedFuture(new ApiException(409, "This subscription has ended: subscribe again."));
      }
      JsonObject set = new JsonObject().put("updatedAt", clock.instant().toString());
      JsonObject update = new JsonObject().put("$set", set);
      if (Boolean.FALSE.equals(body.getBoolean("cancelAtPeriodEnd")) && "CANCELLED".equals(sub.getString("status"))) {
        set.put("status", sub.getString("resumeStatus", "ACTIVE")).put("cancelAtPeriodEnd", false);
        update.put("$unset", new JsonObject().put("resumeStatus", ""));
        Outbox.push(update, Outbox.event(SubscriptionTopics.RESUMED, sub.getString("creatorId"),
            SubscriptionViews.summary(sub.copy().mergeIn(set))));
      }
      Future<?> card = Future.succeededFuture();
      if (body.containsKey("paymentMethod")) {
        set.put("paymentMethod", body.getString("paymentMethod"));
        if ("PAST_DUE".equals(set.getString("status", sub.getString("status")))) {
          set.put("nextAttemptAt", clock.millis());
        }
        card = charges.saveCard(fanId, body.getString("paymentMethod"), "sub-card:" + id + ":" + body.getString("paymentMethod"));
      }
      return card.compose(saved -> store.updateIfUnchanged(id, sub.getString("updatedAt"), update))
          .compose(updated -> updated == null
              ? Future.failedFuture(new ApiException(409, "The subscription changed meanwhile; try again."))
              : Future.succeededFuture(SubscriptionViews.view(updated)));
    });
  }
}
