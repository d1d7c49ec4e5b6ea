package dev.creatorhub.subscriptions.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.api.UserInfo;
import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.api.ChargesClient.Usage;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.idempotency.Idempotency;
import dev.creatorhub.shared.money.Prices;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import dev.creatorhub.subscriptions.store.SubscriptionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.UUID;

/**
 * A fan subscribes (monthly or a bundle, with the creator's free trial). The document exists as
 * INCOMPLETE before any money moves, and every later step is idempotent, so a request, its retry
 * and another node's sweep may all drive one attempt and get one outcome.
 */
public final class Subscribing {


  private final SubscriptionStore store;
  private final Billing billing;
  private final AuthClient auth;
  private final ChargesClient charges;
  private final Idempotency idempotency;
  private final SubscriptionSettings settings;
  private final Clock clock;

  Subscribing(SubscriptionStore store, Billing billing, AuthClient auth, ChargesClient charges, Idempotency idempotency,
              SubscriptionSettings settings, Clock clock) {
    this.store = store;
    this.billing = billing;
    this.auth = auth;
    this.charges = charges;
    this.idempotency = idempotency;
    this.settings = settings;
    this.clock = clock;
  }

  public Future<JsonObject> subscribe(String fanId, String username, JsonObject request, String idempotencyKey) {
    JsonObject body = SubscriptionsSchemas.SUBSCRIBE.check(request);
    return idempotency.run(fanId, idempotencyKey, request.copy().put("creator", username), op ->
        auth.activeCreator(username).compose(creator -> {
          if (creator.id().equals(fanId)) {
            return Future.failedFuture(new ApiException(409, "You cannot subscribe to yourself."));
          }
          return store.byPair(fanId, creator.id()).compose(existing -> start(fanId, creator, body, existing, op));
        }));
  }

  /** {@code attempt} is the request's operation id (null without a key): a retry of a request whose node died finds its own attempt. */
  private Future<JsonObject> start(String fanId, UserInfo creator, JsonObject body, JsonObject existing, String attempt) {
    long now = clock.millis();
    if (existing != null && "INCOMPLETE".equals(existing.getString("status"))) {
      return resume(existing); // a request for it is in flight, or was when its node died: one outcome for both
    }
    if (existing != null && attempt != null && attempt.equals(existing.getString("attempt"))) {
      return Future.succeededFuture(SubscriptionViews.view(existing)); // this very request already subscribed (finished by another node)
    }
    if (existing != null && SubscriptionViews.isLive(existing, now)) {
      return Future.failedFuture(new ApiException(409, "You are already subscribed to this creator."));
    }
    int months = body.getInteger("bundleMonths", 1);
    int discount = 0;
    if (months > 1) {
      JsonObject bundle = creator.bundles().stream().map(b -> (JsonObject) b)
          .filter(b -> b.getInteger("months") == months).findFirst().orElse(null);
      if (bundle == null) {
        return Future.failedFuture(new ApiException(400, "This creator offers no " + months + "-month bundle."));
      }
      discount = bundle.getInteger("discountPercent");
    }
    JsonObject monthly = creator.subscriptionPrice();
    long price = Prices.bundle(monthly.getLong("amount"), months, discount);
    boolean trialUsed = existing != null && existing.getBoolean("trialUsed", false);
    boolean trial = creator.trialDays() > 0 && months == 1 && !trialUsed;
    String id = existing == null ? UUID.randomUUID().toString() : existing.getString("_id");
    long period = existing == null ? 0 : existing.getLong("period", 0L) + 1;
    long end = trial ? now + creator.trialDays() * settings.dayMs() : now + months * settings.monthMs();
    String nowIso = clock.instant().toString();
    JsonObject doc = new JsonObject()
        .put("_id", id).put("pair", fanId + "|" + creator.id())
        .put("fanId", fanId).put("creatorId", creator.id()).put("creatorUsername", creator.username())
        .put("status", "INCOMPLETE").put("months", months).put("discountPercent", discount)
        .put("price", new JsonObject().put("amount", price).put("currency", monthly.getString("currency")))
        .put("paymentMethod", body.getString("paymentMethod")).put("cancelAtPeriodEnd", false)
        .put("term", UUID.randomUUID().toString()).put("period", period).put("attempts", 0).put("trialUsed", trial || trialUsed)
        .put("createdAt", existing == null ? nowIso : existing.getString("createdAt"))
        .put("updatedAt", nowIso)
        // What any node needs to finish or undo this attempt if the one running it dies.
        .put("pending", new JsonObject().put("trial", trial).put("start", now).put("end", end)).put("attempt", attempt)
        .put("previous", existing == null ? null : SubscriptionViews.withoutId(existing));
    Future<?> claimed = existing == null ? store.insert(doc)
        : store.replaceIfUnchanged(id, existing.getString("updatedAt"), SubscriptionViews.withoutId(doc))
            .compose(mine -> mine ? Future.succeededFuture() : Future.failedFuture(new ApiException(409, "Conflict",
                "Another subscription request for this creator is in progress.", null)));
    return claimed
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.failedFuture(new ApiException(409, "You are already subscribed to this creator."))
            : Future.failedFuture(err))
        .compose(v -> resume(doc));
  }

  /**
   * Drives an INCOMPLETE attempt to its end: granted and ACTIVE (or TRIALING), or undone when the
   * card is declined. Every step is idempotent (the charge by its key, the grant by its id, the
   * activation and the undo by the attempt's term).
   */
  Future<JsonObject> resume(JsonObject doc) {
    JsonObject pending = doc.getJsonObject("pending", new JsonObject());
    long start = pending.getLong("start", clock.millis());
    long end = pending.getLong("end", start + doc.getInteger("months") * settings.monthMs());
    Future<JsonObject> started = pending.getBoolean("trial", false) ? startTrial(doc, start, end)
        : billing.charge(doc, doc.getLong("period"), end, Usage.SAVE_FOR_RENEWALS)
            .compose(receipt -> billing.activate(doc, "ACTIVE", start, end, SubscriptionTopics.ACTIVATED));
    return started.recover(err -> err instanceof ApiException api && api.status() < 500
        ? undo(doc).transform(ar -> Future.failedFuture(err))
        : Future.failedFuture(err));
  }

  private Future<JsonObject> startTrial(JsonObject doc, long start, long end) {
    // The card is checked and kept now, so the first charge after the trial can run while the fan is away.
    return charges.saveCard(doc.getString("fanId"), doc.getString("paymentMethod"), "trial:" + doc.getString("term"))
        .compose(saved -> charges.grant(doc.getString("fanId"), Kind.SUBSCRIPTION, doc.getString("creatorId"), end))
        .compose(v -> billing.activate(doc, "TRIALING", start, end, SubscriptionTopics.ACTIVATED));
  }

  /**
   * Declined: no subscription is granted; the document returns to what it was before this attempt.
   * (A retry of a request whose attempt was undone runs again: a declined card charges nothing.)
   */
  private Future<Void> undo(JsonObject doc) {
    return store.undoAttempt(doc.getString("_id"), doc.getString("term"), doc.getJsonObject("previous"), clock.instant().toString());
  }
}
