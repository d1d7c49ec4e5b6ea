package dev.creatorhub.subscriptions;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.api.UserInfo;
import dev.creatorhub.payments.api.ChargesClient.Charge;
import dev.creatorhub.payments.api.ChargesClient.Usage;
import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.payments.api.PaymentTopics;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.idempotency.Idempotency;
import dev.creatorhub.shared.kafka.EventConsumer;
import dev.creatorhub.shared.money.Prices;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import dev.creatorhub.subscriptions.api.SubscriptionsClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Fans' subscriptions to creators: subscribe (monthly or a bundle, with the creator's free trial),
 * renew at period end, retry failed renewals (PAST_DUE) and then expire, cancel at period end.
 * Money and access go through the payments domain; one {@code subscriptions} document per fan and
 * creator (unique {@code pair}), reused when a fan subscribes again.
 */
public class SubscriptionsVerticle extends VerticleBase {

  private AuthClient auth;
  private ChargesClient charges;

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionsVerticle.class);
  static final String SUBSCRIPTIONS = "subscriptions";
  private static final List<String> LIVE = List.of("TRIALING", "ACTIVE", "PAST_DUE", "CANCELLED");

  private static final BodySchema UPDATE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "minProperties": 1,
       "properties": {"cancelAtPeriodEnd": {"type": "boolean"},
                      "paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100}}}"""));
  private static final BodySchema SUBSCRIBE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["paymentMethod"],
       "properties": {"paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100},
                      "bundleMonths": {"enum": [1, 3, 6, 12]}}}"""));

  private JsonObject settings;
  private MongoClient mongo;
  private final BusService.Served served = new BusService.Served();
  private Idempotency idempotency;
  private long monthMs;
  private long dayMs;
  private List<Long> retryMs;
  private long timer;
  private boolean renewing;
  private EventConsumer refunds;

  @Override
  public Future<?> start() {
    auth = new AuthClient(vertx);
    charges = new ChargesClient(vertx);
    settings = config().getJsonObject("subscriptions");
    monthMs = settings.getLong("monthSeconds") * 1000;
    dayMs = settings.getLong("daySeconds") * 1000;
    retryMs = settings.getJsonArray("retrySeconds").stream().map(v -> ((Number) v).longValue() * 1000).toList();
    mongo = Mongo.client(vertx, config(), "subscriptions");
    idempotency = Idempotency.of(vertx, config(), mongo, "subscription_idempotency_keys");
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    timer = vertx.setPeriodic(settings.getLong("schedulerPeriodMs"), id -> renewDue());
    return Future.all(
            idempotency.createIndexes(),
            Mongo.uniqueIndex(mongo, SUBSCRIPTIONS, new JsonObject().put("pair", 1), "pair_unique"),
            Mongo.index(mongo, SUBSCRIPTIONS, new JsonObject().put("creatorId", 1).put("status", 1), new io.vertx.ext.mongo.IndexOptions()),
            Mongo.index(mongo, SUBSCRIPTIONS, new JsonObject().put("status", 1).put("currentPeriodEnd", 1), new io.vertx.ext.mongo.IndexOptions()))
        .compose(v -> Future.all(List.of(
            serve(SubscriptionsAddresses.SUBSCRIBE, this::subscribe),
            serve(SubscriptionsAddresses.CANCEL, this::cancel),
            serve(SubscriptionsAddresses.UPDATE, this::update),
            serve(SubscriptionsAddresses.MINE, this::mine),
            serve(SubscriptionsAddresses.SUBSCRIBERS, this::subscribers),
            serve(SubscriptionsClient.RECONCILE, msg -> reconcile()),
            ServicePing.register(vertx, SubscriptionsAddresses.SERVICE, nodeId).mapEmpty())))
        // A refunded or charged-back subscription payment ends the subscription.
        .compose(v -> EventConsumer.start(vertx, config(), "subscriptions", "subscriptions-refunds",
            Set.of(PaymentTopics.PAYMENT_REFUNDED), mongo, this::onRefund))
        .onSuccess(consumer -> refunds = consumer);
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return served.stop().eventually(() -> refunds == null ? Future.succeededFuture() : refunds.close()).eventually(() -> mongo.close());
  }

  // ---- subscribing ------------------------------------------------------------------------

  private Future<JsonObject> subscribe(Message<JsonObject> msg) {
    String fanId = BusService.requireUser(msg);
    JsonObject request = msg.body().getJsonObject("body");
    JsonObject body = SUBSCRIBE.check(request);
    String username = msg.body().getString("creator");
    return idempotency.run(fanId, msg.body().getString("idempotencyKey"), request.copy().put("creator", username), op ->
        auth.activeCreator(username).compose(creator -> {
          if (creator.id().equals(fanId)) {
            return Future.failedFuture(new ApiException(409, "You cannot subscribe to yourself."));
          }
          String pair = fanId + "|" + creator.id();
          return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("pair", pair), null)
              .compose(existing -> start(fanId, creator, body, existing, op));
        }));
  }

  /** {@code attempt} is the request's operation id (null without a key): a retry of a request whose node died finds its own attempt. */
  private Future<JsonObject> start(String fanId, UserInfo creator, JsonObject body, JsonObject existing, String attempt) {
    long now = System.currentTimeMillis();
    if (existing != null && "INCOMPLETE".equals(existing.getString("status"))) {
      return resume(existing); // a request for it is in flight, or was when its node died: one outcome for both
    }
    if (existing != null && attempt != null && attempt.equals(existing.getString("attempt"))) {
      return Future.succeededFuture(view(existing)); // this very request already subscribed (finished by another node)
    }

    if (existing != null && isLive(existing, now)) {
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
    boolean trial = creator.trialDays() > 0 && months == 1
        && (existing == null || !existing.getBoolean("trialUsed", false));
    String id = existing == null ? UUID.randomUUID().toString() : existing.getString("_id");
    long period = existing == null ? 0 : existing.getLong("period", 0L) + 1;
    int trialDays = trial ? creator.trialDays() : 0;
    long end = trial ? now + trialDays * dayMs : now + months * monthMs;
    JsonObject doc = new JsonObject()
        .put("_id", id).put("pair", fanId + "|" + creator.id())
        .put("fanId", fanId).put("creatorId", creator.id()).put("creatorUsername", creator.username())
        .put("status", "INCOMPLETE").put("months", months).put("discountPercent", discount)
        .put("price", new JsonObject().put("amount", price).put("currency", monthly.getString("currency")))
        .put("paymentMethod", body.getString("paymentMethod")).put("cancelAtPeriodEnd", false)
        .put("term", UUID.randomUUID().toString()).put("period", period).put("attempts", 0).put("trialUsed", trial || (existing != null && existing.getBoolean("trialUsed", false)))
        .put("createdAt", existing == null ? Instant.now().toString() : existing.getString("createdAt"))
        .put("updatedAt", Instant.now().toString())
        // What any node needs to finish or undo this attempt if the one running it dies.
        .put("pending", new JsonObject().put("trial", trial).put("start", now).put("end", end)).put("attempt", attempt)
        .put("previous", existing == null ? null : withoutId(existing));
    // The document exists before any money moves, so a charge always has a subscription to land in.
    Future<?> claimed = existing == null ? mongo.insert(SUBSCRIPTIONS, doc)
        : mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("updatedAt", existing.getString("updatedAt")),
                new JsonObject().put("$set", withoutId(doc)))
            .compose(r -> r.getDocModified() == 1 ? Future.succeededFuture() : Future.failedFuture(new ApiException(409, "Conflict",
                "Another subscription request for this creator is in progress.", null)));
    return claimed
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.failedFuture(new ApiException(409, "You are already subscribed to this creator."))
            : Future.failedFuture(err))
        .compose(v -> resume(doc));
  }

  /**
   * Drives an INCOMPLETE attempt to its end: granted and ACTIVE (or TRIALING), or undone when the
   * card is declined. Every step is idempotent (the charge by its key, the grant by its id, the
   * activation and the undo by the attempt's term), so the request, a retry of it and the sweep of
   * another node may all run it and get one outcome.
   */
  private Future<JsonObject> resume(JsonObject doc) {
    JsonObject pending = doc.getJsonObject("pending", new JsonObject());
    long start = pending.getLong("start", System.currentTimeMillis());
    long end = pending.getLong("end", start + doc.getInteger("months") * monthMs);
    Future<JsonObject> started = pending.getBoolean("trial", false) ? startTrial(doc, start, end)
        : charge(doc, doc.getLong("period"), end, Usage.SAVE_FOR_RENEWALS)
            .compose(receipt -> activate(doc, "ACTIVE", start, end, SubscriptionTopics.ACTIVATED));
    return started.recover(err -> err instanceof ApiException api && api.status() < 500
        ? undo(doc).transform(ar -> Future.failedFuture(err))
        : Future.failedFuture(err));
  }

  private Future<JsonObject> startTrial(JsonObject doc, long start, long end) {
    // The card is checked and kept now, so the first charge after the trial can run while the fan is away.
    return charges.saveCard(doc.getString("fanId"), doc.getString("paymentMethod"), "trial:" + doc.getString("term"))
        .compose(saved -> charges.grant(doc.getString("fanId"), Kind.SUBSCRIPTION, doc.getString("creatorId"), end))
        .compose(v -> activate(doc, "TRIALING", start, end, SubscriptionTopics.ACTIVATED));
  }

  /**
   * Declined: no subscription is granted; the document returns to what it was before this attempt.
   * (A retry of a request whose attempt was undone runs again: a declined card charges nothing.)
   */
  private Future<?> undo(JsonObject doc) {
    JsonObject claimed = new JsonObject().put("_id", doc.getString("_id")).put("status", "INCOMPLETE").put("term", doc.getString("term"));
    JsonObject previous = doc.getJsonObject("previous");
    return previous == null ? mongo.removeDocument(SUBSCRIPTIONS, claimed)
        : mongo.updateCollection(SUBSCRIPTIONS, claimed, new JsonObject().put("$set", previous.copy().put("updatedAt", Instant.now().toString()))
            .put("$unset", new JsonObject().put("pending", "").put("previous", "")));
  }

  /** Attempts left INCOMPLETE past twice the sweep's threshold (the sweep should have ended them), and stuck keys. */
  private Future<JsonObject> reconcile() {
    String stale = Instant.now().minusMillis(2 * settings.getLong("incompleteAfterMs")).toString();
    Future<List<JsonObject>> incomplete = mongo.findWithOptions(SUBSCRIPTIONS, new JsonObject().put("status", "INCOMPLETE")
        .put("updatedAt", new JsonObject().put("$lte", stale)), new FindOptions().setFields(new JsonObject().put("_id", 1)));
    Future<Long> stuck = idempotency.stuck();
    return Future.all(incomplete, stuck).map(all -> new JsonObject()
        .put("incomplete", new JsonObject().put("count", incomplete.result().size())
            .put("sample", new JsonArray(incomplete.result().stream().limit(20).map(d -> d.getString("_id")).toList())))
        .put("stuckKeys", stuck.result()));
  }

  /** Attempts whose node died before they ended (no request came back for them): driven on by whichever node sweeps first. */
  private Future<Void> resumeInterrupted() {
    String stale = Instant.now().minusMillis(settings.getLong("incompleteAfterMs")).toString();
    return mongo.findWithOptions(SUBSCRIPTIONS, new JsonObject().put("status", "INCOMPLETE")
            .put("updatedAt", new JsonObject().put("$lte", stale)), new FindOptions().setLimit(100))
        .compose(list -> {
          Future<Void> chain = Future.succeededFuture();
          for (JsonObject doc : list) {
            chain = chain.compose(v -> resume(doc).<Void>mapEmpty().recover(err -> {
              if (!(err instanceof ApiException api && api.status() < 500)) {
                LOG.warn("interrupted subscription {} not finished yet: {}", doc.getString("_id"), err.toString());
              }
              return Future.succeededFuture();
            }));
          }
          return chain;
        });
  }

  /**
   * One charge per term (each time a fan subscribes), period and attempt: a retry after a decline
   * is a new charge, a repeat of the same attempt (a crash, a second scheduler) is not.
   */
  private Future<JsonObject> charge(JsonObject doc, long period, long until, Usage usage) {
    return charges.charge(new Charge("sub:" + doc.getString("term") + ":" + period + ":" + doc.getInteger("attempts", 0),
        doc.getString("fanId"), doc.getString("creatorId"), "SUBSCRIPTION", doc.getJsonObject("price").getLong("amount"),
        doc.getString("paymentMethod"), usage,
        new JsonObject().put("subscriptionId", doc.getString("_id")).put("period", period).put("months", doc.getInteger("months")),
        Kind.SUBSCRIPTION, doc.getString("creatorId"), until));
  }

  private Future<JsonObject> activate(JsonObject doc, String status, long start, long end, String topic) {
    JsonObject set = new JsonObject().put("status", status).put("currentPeriodStart", start).put("currentPeriodEnd", end)
        .put("attempts", 0).putNull("nextAttemptAt").put("updatedAt", Instant.now().toString());
    JsonObject updated = doc.copy().mergeIn(set);
    updated.remove("pending");
    updated.remove("previous");
    JsonObject query = new JsonObject().put("_id", doc.getString("_id")).put("term", doc.getString("term"));
    if (SubscriptionTopics.ACTIVATED.equals(topic)) {
      query.put("status", "INCOMPLETE"); // once per attempt, however many runs finish it
    }
    return mongo.updateCollection(SUBSCRIPTIONS, query,
            Outbox.push(new JsonObject().put("$set", set).put("$unset", new JsonObject().put("pending", "").put("previous", "")),
                Outbox.event(topic, doc.getString("creatorId"), summary(updated))))
        .compose(r -> {
          if (r.getDocModified() == 1) {
            Outbox.nudge(vertx, SUBSCRIPTIONS, doc.getString("_id"));
            return Future.succeededFuture(view(updated));
          }
          return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("_id", doc.getString("_id")), null)
              .map(current -> view(current == null ? updated : current));
        });
  }

  // ---- renewals ---------------------------------------------------------------------------

  /**
   * Finishes interrupted attempts, then renews, retries or ends every subscription whose period is
   * over. One instance works on a subscription at a time.
   */
  private void renewDue() {
    if (renewing) {
      return;
    }
    renewing = true;
    long now = System.currentTimeMillis();
    JsonObject query = new JsonObject()
        .put("status", new JsonObject().put("$in", new JsonArray(LIVE)))
        .put("currentPeriodEnd", new JsonObject().put("$lte", now))
        .put("$or", new JsonArray().add(new JsonObject().put("nextAttemptAt", null))
            .add(new JsonObject().put("nextAttemptAt", new JsonObject().put("$lte", now))))
        .put("$and", new JsonArray().add(new JsonObject().put("$or", new JsonArray()
            .add(new JsonObject().put("lockedUntil", new JsonObject().put("$exists", false)))
            .add(new JsonObject().put("lockedUntil", new JsonObject().put("$lt", now))))));
    Future.all(resumeInterrupted(), idempotency.sweep())
        .recover(err -> {
          LOG.warn("finishing interrupted subscriptions failed, retrying later: {}", err.toString());
          return Future.succeededFuture();
        })
        .compose(v -> mongo.findWithOptions(SUBSCRIPTIONS, query, new FindOptions().setLimit(100)))
        .compose(due -> {
          Future<Void> chain = Future.succeededFuture();
          for (JsonObject sub : due) {
            chain = chain.compose(v -> claim(sub).compose(mine -> mine ? renew(sub) : Future.succeededFuture())
                .recover(err -> {
                  LOG.warn("renewal of {} failed, retrying later: {}", sub.getString("_id"), err.toString());
                  return Future.succeededFuture();
                }));
          }
          return chain;
        })
        .onComplete(v -> renewing = false);
  }

  private Future<Boolean> claim(JsonObject sub) {
    long now = System.currentTimeMillis();
    return mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", sub.getString("_id"))
                .put("updatedAt", sub.getString("updatedAt")),
            new JsonObject().put("$set", new JsonObject().put("lockedUntil", now + 60_000).put("updatedAt", Instant.now().toString())))
        .map(r -> r.getDocModified() == 1);
  }

  private Future<Void> renew(JsonObject sub) {
    String status = sub.getString("status");
    if ("CANCELLED".equals(status) || sub.getBoolean("cancelAtPeriodEnd", false)) {
      return end(sub, "cancelled at period end");
    }
    long now = System.currentTimeMillis();
    long start = "PAST_DUE".equals(status) ? now : sub.getLong("currentPeriodEnd");
    long end = start + sub.getInteger("months") * monthMs;
    long period = sub.getLong("period") + 1;
    JsonObject billed = sub.copy().put("period", period);
    return charge(billed, period, end, Usage.RENEWAL).compose(
            receipt -> activate(billed, "ACTIVE", start, end, SubscriptionTopics.RENEWED).mapEmpty(),
            err -> err instanceof ApiException api && api.status() == 402 ? failedRenewal(sub, api) : Future.failedFuture(err))
        .compose(v -> mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", sub.getString("_id")),
            new JsonObject().put("$unset", new JsonObject().put("lockedUntil", ""))).mapEmpty());
  }

  /** A declined renewal: PAST_DUE with the next retry, remembering which card failed and why (the fan is told). */
  private Future<Void> failedRenewal(JsonObject sub, ApiException declined) {
    int attempts = sub.getInteger("attempts", 0) + 1;
    if (attempts > retryMs.size()) {
      return end(sub, "renewal payments failed");
    }
    JsonObject extensions = declined.extensions() == null ? new JsonObject() : declined.extensions();
    JsonObject failure = new JsonObject().put("declineCode", extensions.getString("declineCode"))
        .put("card", extensions.getJsonObject("card", new JsonObject())).put("at", Instant.now().toString());
    JsonObject set = new JsonObject().put("status", "PAST_DUE").put("attempts", attempts).put("lastFailure", failure)
        .put("nextAttemptAt", System.currentTimeMillis() + retryMs.get(attempts - 1)).put("updatedAt", Instant.now().toString());
    JsonObject update = new JsonObject().put("$set", set);
    if (attempts == 1) {
      Outbox.push(update, Outbox.event(SubscriptionTopics.PAST_DUE, sub.getString("creatorId"), summary(sub.copy().mergeIn(set))));
    }
    return mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", sub.getString("_id")), update).mapEmpty();
  }

  private Future<Void> end(JsonObject sub, String reason) {
    JsonObject set = new JsonObject().put("status", "EXPIRED").put("endedReason", reason).put("updatedAt", Instant.now().toString());
    // Only the term that was read: a fan who subscribed again meanwhile keeps the new one.
    return mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", sub.getString("_id")).put("term", sub.getString("term"))
                .put("status", new JsonObject().put("$ne", "EXPIRED")),
            Outbox.push(new JsonObject().put("$set", set).put("$unset", new JsonObject().put("lockedUntil", "")),
                Outbox.event(SubscriptionTopics.EXPIRED, sub.getString("creatorId"), summary(sub.copy().mergeIn(set)))))
        .map(r -> {
          Outbox.nudge(vertx, SUBSCRIPTIONS, sub.getString("_id"));
          return null;
        });
  }

  private Future<Void> onRefund(JsonObject event) {
    JsonObject payment = event.getJsonObject("payload");
    String subscriptionId = payment.getJsonObject("refs", new JsonObject()).getString("subscriptionId");
    if (!"SUBSCRIPTION".equals(payment.getString("type")) || subscriptionId == null) {
      return Future.succeededFuture();
    }
    return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("_id", subscriptionId), null).compose(sub -> {
      if (sub == null || sub.getLong("period") != ((Number) payment.getJsonObject("refs").getValue("period")).longValue()) {
        return Future.succeededFuture(); // an older period was refunded: the current one stands
      }
      return end(sub, "payment refunded").compose(v -> charges.revoke(sub.getString("fanId"), Kind.SUBSCRIPTION, sub.getString("creatorId")));
    });
  }

  // ---- cancelling and reading ---------------------------------------------------------------

  private Future<JsonObject> cancel(Message<JsonObject> msg) {
    String fanId = BusService.requireUser(msg);
    String id = msg.body().getString("subscriptionId");
    return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("fanId", fanId), null).compose(sub -> {
      if (sub == null || "INCOMPLETE".equals(sub.getString("status"))) {
        return Future.failedFuture(new ApiException(404, "No such subscription."));
      }
      if ("CANCELLED".equals(sub.getString("status"))) {
        return Future.succeededFuture(view(sub));
      }
      if ("EXPIRED".equals(sub.getString("status"))) {
        return Future.failedFuture(new ApiException(409, "This subscription has already ended."));
      }
      JsonObject set = new JsonObject().put("status", "CANCELLED").put("cancelAtPeriodEnd", true)
          .put("resumeStatus", sub.getString("status")).put("updatedAt", Instant.now().toString());
      JsonObject updated = sub.copy().mergeIn(set);
      return mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("status", sub.getString("status")),
              Outbox.push(new JsonObject().put("$set", set), Outbox.event(SubscriptionTopics.CANCELLED, sub.getString("creatorId"), summary(updated))))
          .map(r -> {
            Outbox.nudge(vertx, SUBSCRIPTIONS, id);
            return view(updated);
          });
    });
  }

  /**
   * {@code PATCH /subscriptions/{id}}: {@code cancelAtPeriodEnd: false} turns renewal back on before
   * the period ends (true cancels, as DELETE does); {@code paymentMethod} changes the card renewals
   * use (checked and kept first) and retries a past-due renewal at once.
   */
  private Future<JsonObject> update(Message<JsonObject> msg) {
    String fanId = BusService.requireUser(msg);
    String id = msg.body().getString("subscriptionId");
    JsonObject body = UPDATE.check(msg.body().getJsonObject("body"));
    if (Boolean.TRUE.equals(body.getBoolean("cancelAtPeriodEnd")) && body.size() == 1) {
      return cancel(msg);
    }
    return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("fanId", fanId), null).compose(sub -> {
      if (sub == null || "INCOMPLETE".equals(sub.getString("status"))) {
        return Future.failedFuture(new ApiException(404, "No such subscription."));
      }
      if (!isLive(sub, System.currentTimeMillis())) {
        return Future.failedFuture(new ApiException(409, "This subscription has ended: subscribe again."));
      }
      JsonObject set = new JsonObject().put("updatedAt", Instant.now().toString());
      JsonObject update = new JsonObject().put("$set", set);
      if (Boolean.FALSE.equals(body.getBoolean("cancelAtPeriodEnd")) && "CANCELLED".equals(sub.getString("status"))) {
        set.put("status", sub.getString("resumeStatus", "ACTIVE")).put("cancelAtPeriodEnd", false);
        update.put("$unset", new JsonObject().put("resumeStatus", ""));
        Outbox.push(update, Outbox.event(SubscriptionTopics.RESUMED, sub.getString("creatorId"),
            summary(sub.copy().mergeIn(set))));
      }
      Future<?> card = Future.succeededFuture();
      if (body.containsKey("paymentMethod")) {
        set.put("paymentMethod", body.getString("paymentMethod"));
        if ("PAST_DUE".equals(set.getString("status", sub.getString("status")))) {
          set.put("nextAttemptAt", System.currentTimeMillis());
        }
        card = charges.saveCard(fanId, body.getString("paymentMethod"), "sub-card:" + id + ":" + body.getString("paymentMethod"));
      }
      return card.compose(saved -> mongo.findOneAndUpdateWithOptions(SUBSCRIPTIONS,
              new JsonObject().put("_id", id).put("updatedAt", sub.getString("updatedAt")), update,
              new FindOptions(), new io.vertx.ext.mongo.UpdateOptions().setReturningNewDocument(true)))
          .compose(updated -> {
            if (updated == null) {
              return Future.failedFuture(new ApiException(409, "The subscription changed meanwhile; try again."));
            }
            Outbox.nudge(vertx, SUBSCRIPTIONS, id);
            return Future.succeededFuture(view(updated));
          });
    });
  }

  private Future<JsonObject> mine(Message<JsonObject> msg) {
    String fanId = BusService.requireUser(msg);
    return mongo.findWithOptions(SUBSCRIPTIONS, new JsonObject().put("fanId", fanId).put("status", new JsonObject().put("$ne", "INCOMPLETE")),
            new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(500))
        .map(list -> new JsonObject().put("items", new JsonArray(list.stream().map(SubscriptionsVerticle::view).toList())));
  }

  private Future<JsonObject> subscribers(Message<JsonObject> msg) {
    String creatorId = BusService.requireUser(msg);
    if (!"CREATOR".equals(msg.headers().get(BusHeaders.USER_ROLE))) {
      return Future.failedFuture(new ApiException(403, "Only creators have subscribers."));
    }
    long now = System.currentTimeMillis();
    return mongo.findWithOptions(SUBSCRIPTIONS, new JsonObject().put("creatorId", creatorId).put("status", new JsonObject().put("$in", new JsonArray(LIVE))),
            new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(1000))
        .compose(list -> {
          List<JsonObject> live = list.stream().filter(s -> isLive(s, now)).toList();
          return auth.users(live.stream().map(s -> s.getString("fanId")).toList()).map(byId -> {
            JsonArray items = new JsonArray();
            for (JsonObject s : live) {
              UserInfo fan = byId.get(s.getString("fanId"));
              items.add(new JsonObject().put("subscriptionId", s.getString("_id")).put("status", s.getString("status"))
                  .put("fan", new JsonObject().put("id", s.getString("fanId")).put("username", fan == null ? null : fan.username())
                      .put("displayName", fan == null ? null : fan.displayName()).put("avatar", fan == null ? null : fan.avatar()))
                  .put("since", s.getString("createdAt")).put("currentPeriodEnd", iso(s.getLong("currentPeriodEnd"))));
            }
            return new JsonObject().put("items", items).put("count", items.size());
          });
        });
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static JsonObject withoutId(JsonObject doc) {
    JsonObject copy = doc.copy();
    copy.remove("_id");
    copy.remove("outbox");
    return copy;
  }

  private static boolean isLive(JsonObject sub, long now) {
    String status = sub.getString("status");
    if ("INCOMPLETE".equals(status)) {
      return true; // a request for it is in flight
    }
    return LIVE.contains(status) && (!"CANCELLED".equals(status) || sub.getLong("currentPeriodEnd", 0L) > now);
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

  private static JsonObject summary(JsonObject sub) {
    return new JsonObject().put("subscriptionId", sub.getString("_id")).put("fanId", sub.getString("fanId"))
        .put("creatorId", sub.getString("creatorId")).put("status", sub.getString("status"))
        .put("currentPeriodEnd", iso(sub.getLong("currentPeriodEnd")));
  }

  private static String iso(Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }

}
