package dev.creatorhub.subscriptions.service;

import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.api.ChargesClient.Usage;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.idempotency.Idempotency;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import dev.creatorhub.subscriptions.store.SubscriptionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Period ends: renew, retry a declined renewal (PAST_DUE) and then expire, end at period end when
 * cancelled, end when the period's payment is refunded; and finish attempts whose node died.
 */
public final class Renewals {

  private static final Logger LOG = LoggerFactory.getLogger(Renewals.class);
  /** How long a sweep holds a subscription it renews (another node's sweep skips it meanwhile). */
  private static final long LOCK_MS = 60_000;
  private static final int BATCH = 100;

  private final SubscriptionStore store;
  private final Billing billing;
  private final Subscribing subscribing;
  private final ChargesClient charges;
  private final Idempotency idempotency;
  private final SubscriptionSettings settings;
  private final Clock clock;

  Renewals(SubscriptionStore store, Billing billing, Subscribing subscribing, ChargesClient charges, Idempotency idempotency,
           SubscriptionSettings settings, Clock clock) {
    this.store = store;
    this.billing = billing;
    this.subscribing = subscribing;
    this.charges = charges;
    this.idempotency = idempotency;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Renews, retries or ends every subscription whose period is over. Never fails. Separate from
   * {@link #finishInterrupted()}, so an attempt whose payment is slow to answer delays no renewal.
   */
  public Future<Void> renewDue() {
    return store.due(clock.millis(), BATCH)
        .compose(due -> sequentially(due, sub -> store.lock(sub.getString("_id"), sub.getString("updatedAt"),
                clock.millis() + LOCK_MS, clock.instant().toString())
            .compose(mine -> mine ? renew(sub) : Future.<Void>succeededFuture())
            .recover(err -> {
              LOG.warn("renewal of {} failed, retrying later: {}", sub.getString("_id"), err.toString());
              return Future.succeededFuture();
            })))
        .recover(err -> {
          LOG.warn("renewal sweep failed, retrying later: {}", err.toString());
          return Future.succeededFuture();
        });
  }

  /** Drives on attempts whose node died, and clears abandoned idempotency keys. Never fails. */
  public Future<Void> finishInterrupted() {
    return Future.all(resumeInterrupted(), idempotency.sweep())
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.warn("finishing interrupted subscriptions failed, retrying later: {}", err.toString());
          return Future.succeededFuture();
        });
  }

  /** Attempts left INCOMPLETE past twice the sweep's threshold (the sweep should have ended them), and stuck keys. */
  public Future<JsonObject> reconcile() {
    String stale = clock.instant().minusMillis(2 * settings.incompleteAfterMs()).toString();
    Future<List<JsonObject>> incomplete = store.incompleteSince(stale, 0, true);
    Future<Long> stuck = idempotency.stuck();
    return Future.all(incomplete, stuck).map(all -> new JsonObject()
        .put("incomplete", new JsonObject().put("count", incomplete.result().size())
            .put("sample", new JsonArray(incomplete.result().stream().limit(20).map(d -> d.getString("_id")).toList())))
        .put("stuckKeys", stuck.result()));
  }

  /** A refunded or charged-back subscription payment ends the subscription (an older period's refund does not). */
  public Future<Void> onRefund(JsonObject event) {
    JsonObject payment = event.getJsonObject("payload");
    String subscriptionId = payment.getJsonObject("refs", new JsonObject()).getString("subscriptionId");
    if (!"SUBSCRIPTION".equals(payment.getString("type")) || subscriptionId == null) {
      return Future.succeededFuture();
    }
    return store.byId(subscriptionId).compose(sub -> {
      if (sub == null || sub.getLong("period") != ((Number) payment.getJsonObject("refs").getValue("period")).longValue()) {
        return Future.succeededFuture();
      }
      return billing.end(sub, "payment refunded").compose(v -> charges.revoke(sub.getString("fanId"), Kind.SUBSCRIPTION, sub.getString("creatorId")));
    });
  }

  /** Attempts whose node died before they ended (no request came back for them): driven on by whichever node sweeps first. */
  private Future<Void> resumeInterrupted() {
    String stale = clock.instant().minusMillis(settings.incompleteAfterMs()).toString();
    return store.incompleteSince(stale, BATCH, false).compose(list -> sequentially(list, doc -> subscribing.resume(doc).<Void>mapEmpty()
        .recover(err -> {
          if (!(err instanceof ApiException api && api.status() < 500)) {
            LOG.warn("interrupted subscription {} not finished yet: {}", doc.getString("_id"), err.toString());
          }
          return Future.succeededFuture();
        })));
  }

  private Future<Void> renew(JsonObject sub) {
    String status = sub.getString("status");
    if ("CANCELLED".equals(status) || sub.getBoolean("cancelAtPeriodEnd", false)) {
      return billing.end(sub, "cancelled at period end");
    }
    long start = "PAST_DUE".equals(status) ? clock.millis() : sub.getLong("currentPeriodEnd");
    long end = start + sub.getInteger("months") * settings.monthMs();
    long period = sub.getLong("period") + 1;
    JsonObject billed = sub.copy().put("period", period);
    return billing.charge(billed, period, end, Usage.RENEWAL).compose(
            receipt -> billing.renewed(billed, start, end),
            err -> err instanceof ApiException api && api.status() == 402 ? failedRenewal(sub, api) : Future.failedFuture(err))
        .compose(v -> store.unlock(sub.getString("_id")));
  }

  /** A declined renewal: PAST_DUE with the next retry, remembering which card failed and why (the fan is told). */
  private Future<Void> failedRenewal(JsonObject sub, ApiException declined) {
    int attempts = sub.getInteger("attempts", 0) + 1;
    if (attempts > settings.retryMs().size()) {
      return billing.end(sub, "renewal payments failed");
    }
    JsonObject extensions = declined.extensions() == null ? new JsonObject() : declined.extensions();
    JsonObject failure = new JsonObject().put("declineCode", extensions.getString("declineCode"))
        .put("card", extensions.getJsonObject("card", new JsonObject())).put("at", clock.instant().toString());
    JsonObject set = new JsonObject().put("status", "PAST_DUE").put("attempts", attempts).put("lastFailure", failure)
        .put("nextAttemptAt", clock.millis() + settings.retryMs().get(attempts - 1)).put("updatedAt", clock.instant().toString());
    JsonObject event = attempts == 1
        ? Outbox.event(SubscriptionTopics.PAST_DUE, sub.getString("creatorId"), SubscriptionViews.summary(sub.copy().mergeIn(set)))
        : null;
    // Only from the status it was read in: a fan who cancelled meanwhile stays cancelled.
    return store.markPastDue(sub.getString("_id"), sub.getString("status"), set, event);
  }

  private static Future<Void> sequentially(List<JsonObject> docs, java.util.function.Function<JsonObject, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject doc : docs) {
      chain = chain.compose(v -> step.apply(doc));
    }
    return chain;
  }
}
