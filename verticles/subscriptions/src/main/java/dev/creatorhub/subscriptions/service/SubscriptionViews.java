package dev.creatorhub.subscriptions.service;

import dev.creatorhub.subscriptions.store.SubscriptionStore;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** What fans and events see of a subscription document. */
final class SubscriptionViews {

  private SubscriptionViews() {
  }

  static JsonObject view(JsonObject sub) {
    return new JsonObject()
        .put("id", sub.getString("_id"))
        .put("creator", new JsonObject().put("id", sub.getString("creatorId")).put("username", sub.getString("creatorUsername")))
        .put("status", sub.getString("status"))
        .put("price", sub.getJsonObject("price"))
        .put("months", sub.getInteger("months"))
        .put("cancelAtPeriodEnd", sub.getBoolean("cancelAtPeriodEnd", false))
        .put("currentPeriodEnd", iso(sub.getLong("currentPeriodEnd")))
        .put("createdAt", sub.getString("createdAt"))
        .put("renewalIssue", "PAST_DUE".equals(sub.getString("status")) ? sub.getJsonObject("lastFailure") : null);
  }

  /** The payload of the subscription events. */
  static JsonObject summary(JsonObject sub) {
    return new JsonObject().put("subscriptionId", sub.getString("_id")).put("fanId", sub.getString("fanId"))
        .put("creatorId", sub.getString("creatorId")).put("status", sub.getString("status"))
        .put("currentPeriodEnd", iso(sub.getLong("currentPeriodEnd")));
  }

  /** Whether the subscription gives access at {@code now}, or may (a request for it is in flight). */
  static boolean isLive(JsonObject sub, long now) {
    String status = sub.getString("status");
    if ("INCOMPLETE".equals(status)) {
      return true;
    }
    return SubscriptionStore.LIVE.contains(status) && (!"CANCELLED".equals(status) || sub.getLong("currentPeriodEnd", 0L) > now);
  }

  static JsonObject withoutId(JsonObject doc) {
    JsonObject copy = doc.copy();
    copy.remove("_id");
    copy.remove("outbox");
    return copy;
  }

  static String iso(Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
