package dev.creatorhub.payments;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.live.api.LiveClient;
import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.PaymentTopics;
import dev.creatorhub.payments.api.PaymentsClient;
import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.idempotency.Idempotency;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.validation.BodySchema;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Money: card charges through the configured provider, the double-entry journal, entitlements bought
 * with money (PPV posts, stream tickets), refunds, the holding period and payouts. Owns
 * {@code payments}, {@code journal}, {@code entitlements}, {@code payouts}, {@code idempotency_keys}.
 *
 * <p>A payment document records what should happen; journal entries record what did, under ids
 * derived from the payment, so every step can be retried (or re-driven by the reconciler after a
 * crash) without moving money twice.
 */
public class PaymentsVerticle extends VerticleBase {

  private AuthClient auth;
  private ContentClient content;
  private LiveClient live;

  private static final Logger LOG = LoggerFactory.getLogger(PaymentsVerticle.class);
  static final String PAYMENTS = "payments";
  static final String ENTITLEMENTS = "entitlements";
  /** The decline code of a payment the sweep failed because its node died before the charge. */
  private static final String NOT_CHARGED = "not_charged";
  static final String PAYOUTS = Payouts.PAYOUTS;
  static final String PAYOUT_LOCKS = Payouts.LOCKS;
  static final String WEBHOOK_EVENTS = "webhook_events";
  /** Published (cluster-wide) with {@code user|kind|target} whenever that access changes. */
  private static final String ENTITLEMENT_CHANGED = "payments.entitlement.changed";

  private static final BodySchema TIP = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["creator", "amount", "paymentMethod"],
       "properties": {
         "creator": {"type": "string", "minLength": 1, "maxLength": 64},
         "amount": {"type": "object", "additionalProperties": false, "required": ["amount", "currency"],
           "properties": {"amount": {"type": "integer", "minimum": 1, "maximum": 1000000000},
                          "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}},
         "postId": {"type": "string", "maxLength": 64},
         "streamId": {"type": "string", "maxLength": 64},
         "message": {"type": "string", "maxLength": 500},
         "paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100}
       }}"""));
  private static final BodySchema PAYOUT_ACCOUNT = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false,
       "properties": {"bankAccount": {"type": "string", "pattern": "^[0-9]{6,17}$"}}}"""));
  private static final BodySchema PURCHASE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["paymentMethod"],
       "properties": {"paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100}}}"""));

  private JsonObject settings;
  private MongoClient mongo;
  private final BusService.Served served = new BusService.Served();
  private Ledger ledger;
  private Idempotency idempotency;
  private Offers offers;
  private Payouts payouts;
  private Reconciliation reconciliation;
  private Cards cards;
  private PaymentProvider provider;
  private String currency;
  private int feeBps;
  private long timer;
  private final java.util.Set<String> sweeping = new java.util.HashSet<>();
  /** Entitlement answers by {@code user|kind|target}: expiry in epoch ms, 0 for ever, -1 for none. */
  private final com.github.benmanes.caffeine.cache.Cache<String, Long> grants = com.github.benmanes.caffeine.cache.Caffeine
      .newBuilder().maximumSize(200_000).expireAfterWrite(java.time.Duration.ofSeconds(30)).build();
  private final java.util.concurrent.atomic.AtomicLong grantChanges = new java.util.concurrent.atomic.AtomicLong();
  /** Live grants by {@code user|kind}: target → expiry (0 for ever), for feeds that list them. */
  private final com.github.benmanes.caffeine.cache.Cache<String, Map<String, Long>> grantLists = com.github.benmanes.caffeine.cache.Caffeine
      .newBuilder().maximumSize(50_000).expireAfterWrite(java.time.Duration.ofSeconds(30)).build();

  @Override
  public Future<?> start() {
    auth = new AuthClient(vertx);
    content = new ContentClient(vertx);
    live = new LiveClient(vertx);
    settings = config().getJsonObject("payments");
    currency = settings.getString("currency");
    feeBps = settings.getInteger("platformFeeBps");
    mongo = Mongo.client(vertx, config(), "payments");
    ledger = new Ledger(vertx, mongo);
    idempotency = Idempotency.of(vertx, config(), mongo, "idempotency_keys");
    offers = new Offers(mongo);
    provider = switch (settings.getString("provider")) {
      case "sandbox" -> new SandboxProvider(vertx, mongo, sandboxWebhookUrl(), settings.getString("webhookSecret"),
          settings.getJsonObject("sandbox").getLong("disputeDelayMs"));
      case "stripe" -> new StripeProvider(vertx, mongo, settings.getJsonObject("stripe"));
      default -> throw new IllegalStateException("unknown payments.provider '" + settings.getString("provider") + "'");
    };
    payouts = new Payouts(mongo, ledger, provider, settings);
    SubscriptionsClient subscriptions = new SubscriptionsClient(vertx);
    reconciliation = new Reconciliation(mongo, ledger, idempotency, subscriptions::reconcile);
    cards = new Cards(mongo, provider);
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    timer = vertx.setPeriodic(settings.getLong("schedulerPeriodMs"), id -> sweep());
    return Future.all(
            idempotency.createIndexes(),
            offers.createIndex(),
            cards.createIndexes(),
            Mongo.index(mongo, PAYMENTS, new JsonObject().put("userId", 1).put("createdAt", -1), new io.vertx.ext.mongo.IndexOptions()),
            Mongo.index(mongo, PAYMENTS, new JsonObject().put("creatorId", 1).put("status", 1), new io.vertx.ext.mongo.IndexOptions()),
            Mongo.index(mongo, PAYMENTS, new JsonObject().put("status", 1).put("released", 1), new io.vertx.ext.mongo.IndexOptions()))
        .compose(v -> Future.all(List.of(
            serve(PaymentsAddresses.TIP, msg -> tip(BusService.requireUser(msg), msg.body().getJsonObject("body"),
                msg.body().getString("idempotencyKey"))),
            serve(PaymentsClient.TIP_FOR, msg -> tip(requiredField(msg.body(), "fanId"), msg.body().getJsonObject("tip"),
                msg.body().getString("idempotencyKey"))),
            serve(PaymentsAddresses.PURCHASE_POST, msg -> purchase(msg, "PPV")),
            serve(PaymentsAddresses.PURCHASE_TICKET, msg -> purchase(msg, "TICKET")),
            serve(PaymentsAddresses.HISTORY, this::history),
            serve(PaymentsAddresses.EARNINGS, this::earnings),
            serve(PaymentsAddresses.PAYOUT, this::payout),
            serve(PaymentsAddresses.REFUND, this::refund),
            serve(PaymentsAddresses.RECONCILE, msg -> {
              BusService.requireRole(msg, "ADMIN");
              return reconciliation.run();
            }),
            serve(EntitlementsClient.CHECK, this::entitlementCheck),
            serve(ChargesClient.CHARGE, this::internalCharge),
            serve(EntitlementsClient.CHECK_MANY, this::entitlementCheckMany),
            serve(EntitlementsClient.TARGETS, this::entitlementTargets),
            vertx.eventBus().<String>consumer(ENTITLEMENT_CHANGED, msg -> forget(msg.body())).completion(),
            serve(PaymentsAddresses.WEBHOOK, this::webhook),
            serve(ChargesClient.GRANT, this::grantRequest),
            serve(ChargesClient.REVOKE, this::revokeRequest),
            serve(ChargesClient.SAVE_CARD, this::saveCard),
            serve(PaymentsClient.DEFAULT_CARD, msg -> cards.defaultCard(msg.body().getString("userId"))
                .map(pm -> new JsonObject().put("paymentMethod", pm))),
            serve(PaymentsAddresses.CARDS_LIST, msg -> cards.list(BusService.requireUser(msg))),
            serve(PaymentsAddresses.CARDS_DEFAULT, msg -> cards.makeDefault(BusService.requireUser(msg), msg.body().getString("cardId"))),
            serve(PaymentsAddresses.CARDS_REMOVE, msg -> cards.remove(BusService.requireUser(msg), msg.body().getString("cardId"))),
            serve(PaymentsAddresses.CLIENT_CONFIG, msg -> Future.succeededFuture(provider.clientConfig())),
            serve(PaymentsAddresses.PAYOUT_ACCOUNT_OPEN, this::openPayoutAccount),
            serve(PaymentsAddresses.PAYOUT_ACCOUNT_GET, msg -> payouts.account(BusService.requireRole(msg, "CREATOR"))),
            serve(PaymentsAddresses.PAYOUTS_LIST, msg -> payouts.list(BusService.requireRole(msg, "CREATOR"), 100)),
            ServicePing.register(vertx, PaymentsAddresses.SERVICE, nodeId).mapEmpty())));
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return served.stop().eventually(() -> {
      if (provider instanceof StripeProvider stripe) {
        stripe.close();
      }
      return mongo.close();
    });
  }

  // ---- paying -------------------------------------------------------------------------------

  /** A tip by {@code userId}: from {@code POST /tips}, or from a domain tipping on the user's behalf ({@link PaymentsClient}). */
  private Future<JsonObject> tip(String userId, JsonObject request, String idempotencyKey) {
    JsonObject body = TIP.check(request);
    JsonObject amount = body.getJsonObject("amount");
    JsonObject limits = settings.getJsonObject("tip");
    if (!currency.equals(amount.getString("currency"))) {
      throw new ApiException(400, "Tips are in " + currency + ".");
    }
    long value = amount.getLong("amount");
    if (value < limits.getLong("min") || value > limits.getLong("max")) {
      throw new ApiException(400, "A tip must be between " + limits.getLong("min") + " and " + limits.getLong("max") + " (minor units).");
    }
    return idempotency.run(userId, idempotencyKey, request, op -> resumeOr(op, () -> auth.activeCreator(body.getString("creator"))
        .compose(creator -> {
          if (creator.id().equals(userId)) {
            return Future.failedFuture(new ApiException(409, "You cannot tip yourself."));
          }
          JsonObject refs = new JsonObject();
          for (String field : List.of("postId", "streamId", "message")) {
            if (body.getString(field) != null) {
              refs.put(field, body.getString(field));
            }
          }
          return tipReferences(body, creator.id()).compose(v -> pay(op, userId, creator.id(), "TIP", value,
              body.getString("paymentMethod"), PaymentProvider.Usage.ONE_OFF, refs, null));
        })));
  }

  private static String requiredField(JsonObject body, String field) {
    if (body == null || !(body.getValue(field) instanceof String value) || value.isEmpty()) {
      throw new ApiException(400, "Name the " + field + ".");
    }
    return value;
  }

  /** A tip's post or stream must exist and belong to the creator it tips: receipts and events carry them. */
  private Future<Void> tipReferences(JsonObject body, String creatorId) {
    List<Future<Void>> checks = new ArrayList<>();
    if (body.getString("postId") != null) {
      checks.add(belongsTo(content.postOffer(body.getString("postId")).map(ContentClient.PostOffer::creatorId), creatorId,
          "postId", "No such post by this creator."));
    }
    if (body.getString("streamId") != null) {
      checks.add(belongsTo(live.streamOffer(body.getString("streamId")).map(LiveClient.StreamOffer::creatorId), creatorId,
          "streamId", "No such stream by this creator."));
    }
    return Future.all(checks).mapEmpty();
  }

  /** {@code offeredBy}: the creator of the post or stream a tip names. */
  private Future<Void> belongsTo(Future<String> offeredBy, String creatorId, String field, String problem) {
    ApiException invalid = new ApiException(400, "Bad Request", problem, new JsonObject().put("errors",
        new JsonArray().add(new JsonObject().put("field", field).put("message", problem))));
    return offeredBy
        .recover(err -> err instanceof ApiException api && api.status() == 404 ? Future.failedFuture(invalid) : Future.failedFuture(err))
        .compose(offerer -> creatorId.equals(offerer) ? Future.succeededFuture() : Future.failedFuture(invalid));
  }

  private Future<JsonObject> purchase(Message<JsonObject> msg, String kind) {
    String userId = BusService.requireUser(msg);
    JsonObject request = msg.body().getJsonObject("body");
    JsonObject body = PURCHASE.check(request);
    String target = msg.body().getString("target");
    Supplier<Future<Offer>> offered = kind.equals("PPV")
        ? () -> content.postOffer(target).map(o -> new Offer(o.creatorId(), "PPV".equals(o.visibility()), o.price()))
        : () -> live.streamOffer(target).map(o -> new Offer(o.creatorId(), "TICKET".equals(o.access()), o.ticketPrice()));
    return idempotency.run(userId, msg.body().getString("idempotencyKey"), request.copy().put("target", target), op -> resumeOr(op, () ->
        offered.get()
            .compose(offer -> {
              JsonObject price = offer.price();
              boolean forSale = offer.forSale();
              if (!forSale || price == null) {
                return Future.failedFuture(new ApiException(409, kind.equals("PPV") ? "This post is not for sale." : "This stream sells no tickets."));
              }
              if (offer.creatorId().equals(userId)) {
                return Future.failedFuture(new ApiException(409, "You cannot buy your own content."));
              }
              return entitled(userId, kind, target).compose(already -> already
                  ? Future.failedFuture(new ApiException(409, "You already have access."))
                  : pay(op, userId, offer.creatorId(), kind, price.getLong("amount"), body.getString("paymentMethod"),
                      PaymentProvider.Usage.ONE_OFF, new JsonObject().put(kind.equals("PPV") ? "postId" : "streamId", target),
                      new JsonObject().put("kind", kind).put("target", target)));
            })));
  }

  /** What a post or a stream sells, whichever it is. */
  private record Offer(String creatorId, boolean forSale, JsonObject price) {
  }

  /**
   * Charges the card, then books the payment and grants what it bought. 402 when the card is
   * declined. The payment's id is the operation's (random without a key): a second run of the
   * operation (its holder died) finishes the payment the first one started instead of starting another.
   */
  private Future<JsonObject> pay(String paymentId, String userId, String creatorId, String type, long amount, String paymentMethod,
                                 PaymentProvider.Usage usage, JsonObject refs, JsonObject entitlement) {
    Fees fees = Fees.split(amount, feeBps);
    String now = Instant.now().toString();
    JsonObject payment = new JsonObject()
        .put("_id", paymentId != null ? paymentId : java.util.UUID.randomUUID().toString())
        .put("userId", userId).put("creatorId", creatorId).put("type", type)
        .put("amount", amount).put("fee", fees.fee()).put("net", fees.net()).put("currency", currency)
        .put("status", "PENDING").put("paymentMethod", paymentMethod).put("usage", usage.name()).put("refs", refs)
        .put("entitlement", entitlement).put("released", false).put("createdAt", now);
    String offer = Offers.of(userId, entitlement);
    if (offer != null) {
      payment.put(Offers.FIELD, offer);
    }
    return mongo.insert(PAYMENTS, payment).transform(inserted -> {
      if (inserted.succeeded()) {
        return chargeAndSettle(payment);
      }
      if (!Mongo.isDuplicateKey(inserted.cause())) {
        return Future.failedFuture(inserted.cause());
      }
      return mongo.findOne(PAYMENTS, new JsonObject().put("_id", payment.getString("_id")), null).compose(earlier -> earlier != null ? resume(earlier)
          : offer != null ? offers.claimedBy(offer) : Future.failedFuture(inserted.cause()));
    });
  }

  /** The operation already has a payment (an earlier run of it was interrupted): finish that one, else run {@code first}. */
  private Future<JsonObject> resumeOr(String operation, java.util.function.Supplier<Future<JsonObject>> first) {
    if (operation == null) {
      return first.get(); // a request without a key: the common case costs no lookup
    }
    return mongo.findOne(PAYMENTS, new JsonObject().put("_id", operation), null)
        .compose(earlier -> earlier != null ? resume(earlier) : first.get());
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
    JsonObject set = new JsonObject().put("status", "PENDING").put("createdAt", Instant.now().toString());
    String offer = Offers.of(payment.getString("userId"), payment.getJsonObject("entitlement"));
    if (offer != null) {
      set.put(Offers.FIELD, offer);
    }
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", payment.getString("_id")).put("status", "FAILED")
            .put("declineCode", NOT_CHARGED), new JsonObject().put("$set", set).put("$unset", new JsonObject().put("declineCode", "")))
        .transform(ar -> ar.failed() && offer != null && Mongo.isDuplicateKey(ar.cause()) ? offers.claimedBy(offer)
            : ar.failed() ? Future.failedFuture(ar.cause())
            : mongo.findOne(PAYMENTS, new JsonObject().put("_id", payment.getString("_id")), null).compose(this::resume));
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
    String id = payment.getString("_id");
    String userId = payment.getString("userId");
    String paymentMethod = payment.getString("paymentMethod");
    if (!charge.succeeded()) {
      return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "PENDING"),
              Offers.release(new JsonObject().put("$set", new JsonObject().put("status", "FAILED").put("declineCode", charge.declineCode()))))
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
  private Future<JsonObject> complete(JsonObject payment, String chargeId) {
    String id = payment.getString("_id");
    String succeededAt = Instant.now().toString();
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "PENDING"),
            new JsonObject().put("$set", new JsonObject().put("status", "SUCCEEDED").put("chargeId", chargeId).put("succeededAt", succeededAt)))
        .compose(r -> mongo.findOne(PAYMENTS, new JsonObject().put("_id", id), null))
        .compose(current -> postPayment(current).compose(v -> grant(current)).map(v -> receipt(current)));
  }

  private Future<Void> postPayment(JsonObject payment) {
    String id = payment.getString("_id");
    JournalEntry entry = JournalEntry.builder("payment:" + id, "PAYMENT", payment.getString("currency"))
        .post(Accounts.fanFunding(payment.getString("userId")), -payment.getLong("amount"))
        .post(Accounts.PLATFORM_REVENUE, payment.getLong("fee"))
        .post(Accounts.creatorPending(payment.getString("creatorId")), payment.getLong("net"))
        .ref("paymentId", id).ref("type", payment.getString("type"))
        .build();
    JsonObject summary = summary(payment);
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
    return ledger.post(entry, events.toArray(JsonObject[]::new))
        .compose(posted -> mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("ledger.payment", true))))
        .mapEmpty();
  }

  private Future<Void> grant(JsonObject payment) {
    JsonObject entitlement = payment.getJsonObject("entitlement");
    if (entitlement == null || !"SUCCEEDED".equals(payment.getString("status"))) {
      return Future.succeededFuture();
    }
    String paymentId = payment.getString("_id");
    return grant(payment.getString("userId"), entitlement.getString("kind"), entitlement.getString("target"),
            entitlement.getLong("until"), paymentId)
        // A refund may have landed between our read and the grant: it removes access after its own
        // status change, and we re-check ours after granting, so either order ends without access.
        .compose(v -> mongo.findOne(PAYMENTS, new JsonObject().put("_id", paymentId), new JsonObject().put("status", 1)))
        .compose(now -> now != null && "SUCCEEDED".equals(now.getString("status"))
            ? mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", paymentId),
                new JsonObject().put("$set", new JsonObject().put("granted", true))).<Void>mapEmpty()
            : revokePaidBy(paymentId));
  }

  private Future<Void> revokePaidBy(String paymentId) {
    return mongo.find(ENTITLEMENTS, new JsonObject().put("paymentId", paymentId))
        .compose(paidFor -> mongo.removeDocuments(ENTITLEMENTS, new JsonObject().put("paymentId", paymentId))
            .onSuccess(r -> paidFor.forEach(grant -> revoked(grant.getString("_id")))))
        .mapEmpty();
  }

  /**
   * Grants (or extends) access: {@code until} in epoch ms, null for ever. An existing grant that
   * already reaches further is left as it is.
   */
  private Future<Void> grant(String userId, String kind, String target, Long until, String paymentId) {
    String id = userId + "|" + kind + "|" + target;
    JsonObject set = new JsonObject().put("userId", userId).put("kind", kind).put("target", target)
        .put("paymentId", paymentId).put("until", until).put("grantedAt", Instant.now().toString());
    JsonObject query = new JsonObject().put("_id", id);
    if (until != null) {
      query.put("$or", new JsonArray().add(new JsonObject().put("until", new JsonObject().put("$lt", until)))
          .add(new JsonObject().put("until", new JsonObject().put("$exists", false))));
    }
    return mongo.updateCollectionWithOptions(ENTITLEMENTS, query, new JsonObject().put("$set", set),
            new io.vertx.ext.mongo.UpdateOptions().setUpsert(true))
        .<Void>map(r -> {
          changed(id);
          return null;
        })
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** Internal: a charge another domain asks for (subscriptions), idempotent by its {@code chargeKey}. */
  private Future<JsonObject> internalCharge(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String key = body.getString("chargeKey");
    if (key == null || body.getString("userId") == null || body.getString("creatorId") == null) {
      return Future.failedFuture(new ApiException(400, "chargeKey, userId and creatorId are required."));
    }
    PaymentProvider.Usage usage;
    try {
      usage = PaymentProvider.Usage.valueOf(body.getString("usage", "ONE_OFF"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ApiException(400, "usage must be ONE_OFF, SAVE_FOR_RENEWALS or RENEWAL."));
    }
    String userId = body.getString("userId");
    // A renewal charges the subscription's card while the fan keeps it, else their default card.
    Future<String> card = usage == PaymentProvider.Usage.RENEWAL ? cards.forRenewal(userId, body.getString("paymentMethod"))
        : Future.succeededFuture(body.getString("paymentMethod"));
    return idempotency.run("internal", key, body, op -> resumeOr(op, () -> card.compose(paymentMethod -> paymentMethod == null
        ? Future.failedFuture(new ApiException(402, "Payment Required", "No saved card: add a card to renew.",
            new JsonObject().put("declineCode", "no_card")))
        : pay(op, userId, body.getString("creatorId"), body.getString("type"), body.getLong("amount"), paymentMethod, usage,
            body.getJsonObject("refs", new JsonObject()), body.getJsonObject("entitlement")))));
  }

  /** Internal: checks and keeps a card for later charges (a free trial's renewal); 402 when it is declined. */
  private Future<JsonObject> saveCard(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body.getString("userId") == null || body.getString("paymentMethod") == null || body.getString("key") == null) {
      return Future.failedFuture(new ApiException(400, "userId, paymentMethod and key are required."));
    }
    return provider.saveCard(body.getString("userId"), body.getString("paymentMethod"), "save_" + body.getString("key"))
        .compose(saved -> saved.succeeded()
            ? cards.remember(body.getString("userId"), body.getString("paymentMethod")).map(new JsonObject().put("saved", true))
            : Future.failedFuture(new ApiException(402, "Payment Required", "The card was declined.",
                new JsonObject().put("declineCode", saved.declineCode()))));
  }

  /** Drops the cached answer on every payments instance. */
  private void changed(String entitlementId) {
    forget(entitlementId);
    vertx.eventBus().publish(ENTITLEMENT_CHANGED, entitlementId);
  }

  /** Access ended: caches drop it, and every node's bridge asks again about the user's registrations. */
  private void revoked(String entitlementId) {
    changed(entitlementId);
    vertx.eventBus().publish(BridgeRules.ACCESS_CHANGED, new JsonObject().put("userId", entitlementId.substring(0, entitlementId.indexOf('|'))));
  }

  private void forget(String entitlementId) {
    grantChanges.incrementAndGet();
    grants.invalidate(entitlementId);
    grantLists.invalidate(entitlementId.substring(0, entitlementId.lastIndexOf('|')));
  }

  private Future<JsonObject> grantRequest(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    return grant(body.getString("userId"), body.getString("kind"), body.getString("target"), body.getLong("until"), null)
        .map(v -> new JsonObject());
  }

  private Future<JsonObject> revokeRequest(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String id = body.getString("userId") + "|" + body.getString("kind") + "|" + body.getString("target");
    return mongo.removeDocument(ENTITLEMENTS, new JsonObject().put("_id", id)).map(r -> {
      revoked(id);
      return new JsonObject();
    });
  }

  // ---- provider webhooks ----------------------------------------------------------------------

  private String sandboxWebhookUrl() {
    String url = settings.getJsonObject("sandbox").getString("webhookUrl", "");
    return url.isBlank() ? "http://127.0.0.1:" + config().getJsonObject("http").getInteger("port") + "/api/v1/webhooks/stripe" : url;
  }

  /**
   * A Stripe event: refused unless signed with our secret within the tolerance (old or forged events
   * fail), applied once per event id. Each handler is a conditional state transition, so events
   * arriving twice or out of order change nothing more.
   */
  private Future<JsonObject> webhook(Message<JsonObject> msg) {
    String secret = settings.getString("webhookSecret", "");
    String payload = msg.body().getString("payload");
    String signature = msg.body().getString("signature");
    if (secret.isBlank()) {
      return Future.failedFuture(new ApiException(400, "Webhooks are not configured (payments.webhookSecret)."));
    }
    if (signature == null || payload == null) {
      return Future.failedFuture(new ApiException(400, "The event is not signed."));
    }
    try {
      com.stripe.net.Webhook.Signature.verifyHeader(payload, signature, secret, settings.getLong("webhookToleranceSeconds"));
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
    JsonObject seen = new JsonObject().put("_id", id).put("type", event.getString("type")).put("receivedAt", Instant.now().toString());
    return mongo.insert(WEBHOOK_EVENTS, seen)
        .compose(v -> applyEvent(event)
            // Not applied: forget the id so the provider's retry applies it.
            .recover(err -> mongo.removeDocument(WEBHOOK_EVENTS, new JsonObject().put("_id", id)).compose(r -> Future.failedFuture(err)))
            .map(v2 -> new JsonObject().put("received", true)))
        .recover(err -> Mongo.isDuplicateKey(err)
            ? Future.succeededFuture(new JsonObject().put("received", true).put("duplicate", true)) : Future.failedFuture(err));
  }

  Future<Void> applyEvent(JsonObject event) {
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
            "PENDING".equals(payment.getString("status")) ? settleFromProvider(payment) : Future.succeededFuture();
        case "charge.refunded", "charge.dispute.created" -> reverseIfConfirmed(type, object, payment);
        default -> Future.succeededFuture();
      };
    });
  }

  /** An event about a pending payment is a hint: what the provider recorded under our key decides. */
  private Future<Void> settleFromProvider(JsonObject payment) {
    String id = payment.getString("_id");
    return provider.find("pay_" + id).compose(charge -> {
      if (charge == null) {
        return Future.succeededFuture(); // not charged yet: the request that is charging finishes it
      }
      if (charge.succeeded()) {
        return complete(payment, charge.id()).mapEmpty();
      }
      return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "PENDING"),
          Offers.release(new JsonObject().put("$set", new JsonObject().put("status", "FAILED").put("declineCode", charge.declineCode()))))
          .mapEmpty();
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
        ? settleFromProvider(payment).compose(v -> mongo.findOne(PAYMENTS, new JsonObject().put("_id", id), null))
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
      return mongo.findOne(PAYMENTS, new JsonObject().put("_id", paymentId), null);
    }
    String charge = object.getString("payment_intent", object.getString("charge", object.getString("id")));
    return charge == null ? Future.succeededFuture(null) : mongo.findOne(PAYMENTS, new JsonObject().put("chargeId", charge), null);
  }

  // ---- refunds, holding period, payouts ------------------------------------------------------

  private Future<JsonObject> refund(Message<JsonObject> msg) {
    BusService.requireRole(msg, "ADMIN");
    String id = msg.body().getString("paymentId");
    return mongo.findOne(PAYMENTS, new JsonObject().put("_id", id), null).compose(payment -> {
      if (payment == null) {
        return Future.failedFuture(new ApiException(404, "No such payment."));
      }
      if ("REFUNDED".equals(payment.getString("status"))) {
        return Future.succeededFuture(receipt(payment));
      }
      if (!"SUCCEEDED".equals(payment.getString("status"))) {
        return Future.failedFuture(new ApiException(409, "Only a succeeded payment can be refunded."));
      }
      return provider.refund(payment.getString("chargeId"), payment.getLong("amount"), "refund_" + id)
          .compose(refundId -> reverse(payment, "REFUNDED", refundId));
    });
  }

  /**
   * Moves a succeeded payment to REFUNDED: one conditional update decides, against the holding-period
   * release, which creator balance gives the money back; then the entry is posted and access ends.
   */
  private Future<JsonObject> reverse(JsonObject payment, String status, String providerRef) {
    String id = payment.getString("_id");
    boolean released = payment.getBoolean("released", false);
    JsonObject query = new JsonObject().put("_id", id).put("status", "SUCCEEDED").put("released", released);
    JsonObject set = new JsonObject().put("status", status).put("refundedAt", Instant.now().toString())
        .put("releasedAtRefund", released).put("refundRef", providerRef);
    return mongo.updateCollection(PAYMENTS, query, Offers.release(new JsonObject().put("$set", set))).compose(r -> {
      if (r.getDocModified() == 0) {
        // Released (or refunded) meanwhile: decide again on the current state.
        return mongo.findOne(PAYMENTS, new JsonObject().put("_id", id), null).compose(current ->
            "SUCCEEDED".equals(current.getString("status")) ? reverse(current, status, providerRef)
                : Future.succeededFuture(receipt(current)));
      }
      return mongo.findOne(PAYMENTS, new JsonObject().put("_id", id), null)
          .compose(current -> postReversal(current).map(v -> receipt(current)));
    });
  }

  private Future<Void> postReversal(JsonObject payment) {
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
    JsonObject summary = summary(payment);
    return ledger.post(entry, Outbox.event(PaymentsAddresses.TOPIC_REFUND_ISSUED, payment.getString("userId"), summary),
            Outbox.event(PaymentTopics.PAYMENT_REFUNDED, creator, summary))
        .compose(posted -> revokePaidBy(id))
        .compose(r -> mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("ledger.refund", true))))
        .mapEmpty();
  }

  /**
   * Periodic work: release earnings past the holding period, and finish anything a crash
   * interrupted. Each runs on its own, so a provider that does not answer a re-driven payout does
   * not hold up releases.
   */
  private void sweep() {
    once("release", this::releaseDue);
    once("redrive", this::redrive);
  }

  private void once(String work, java.util.function.Supplier<Future<Void>> step) {
    if (!sweeping.add(work)) {
      return;
    }
    step.get()
        .onFailure(err -> LOG.warn("payments {} failed, retrying at the next sweep: {}", work, err.toString()))
        .onComplete(v -> sweeping.remove(work));
  }

  private Future<Void> releaseDue() {
    String due = Instant.now().minusSeconds(settings.getLong("holdingPeriodSeconds")).toString();
    JsonObject query = new JsonObject().put("status", "SUCCEEDED").put("released", false)
        .put("succeededAt", new JsonObject().put("$lte", due));
    return mongo.findWithOptions(PAYMENTS, query, new FindOptions().setLimit(200)).compose(payments -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject payment : payments) {
        chain = chain.compose(v -> release(payment));
      }
      return chain;
    });
  }

  private Future<Void> release(JsonObject payment) {
    String id = payment.getString("_id");
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "SUCCEEDED").put("released", false),
            new JsonObject().put("$set", new JsonObject().put("released", true).put("releasedAt", Instant.now().toString())))
        .compose(r -> r.getDocModified() == 0 ? Future.succeededFuture() : postRelease(payment));
  }

  private Future<Void> postRelease(JsonObject payment) {
    String creator = payment.getString("creatorId");
    JournalEntry entry = JournalEntry.builder("release:" + payment.getString("_id"), "RELEASE", payment.getString("currency"))
        .post(Accounts.creatorPending(creator), -payment.getLong("net"))
        .post(Accounts.creatorAvailable(creator), payment.getLong("net"))
        .ref("paymentId", payment.getString("_id"))
        .build();
    return ledger.post(entry).compose(posted -> mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", payment.getString("_id")),
        new JsonObject().put("$set", new JsonObject().put("ledger.release", true)))).mapEmpty();
  }

  /** Re-drives steps a crash left undone; each is idempotent by its entry id or conditional update. */
  private Future<Void> redrive() {
    String stale = Instant.now().minusSeconds(settings.getLong("pendingTimeoutSeconds")).toString();
    Future<Void> pending = mongo.find(PAYMENTS, new JsonObject().put("status", "PENDING")
            .put("createdAt", new JsonObject().put("$lte", stale)))
        .compose(list -> each(list, payment -> provider.find("pay_" + payment.getString("_id")).compose(charge -> {
          if (charge != null && charge.succeeded()) {
            return complete(payment, charge.id()).mapEmpty();
          }
          return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", payment.getString("_id")).put("status", "PENDING"),
              Offers.release(new JsonObject().put("$set", new JsonObject().put("status", "FAILED")
                  .put("declineCode", charge == null ? NOT_CHARGED : charge.declineCode())))).mapEmpty();
        })));
    Future<Void> unbooked = mongo.find(PAYMENTS, new JsonObject().put("status", new JsonObject().put("$in", new JsonArray().add("SUCCEEDED").add("REFUNDED").add("DISPUTED")))
            .put("ledger.payment", new JsonObject().put("$ne", true)))
        .compose(list -> each(list, payment -> postPayment(payment).compose(v -> grant(payment))));
    // Booked but the grant never landed (a crash between the two): grant until it exists.
    Future<Void> ungranted = mongo.find(PAYMENTS, new JsonObject().put("status", "SUCCEEDED").put("ledger.payment", true)
            .put("entitlement", new JsonObject().put("$ne", null)).put("granted", new JsonObject().put("$ne", true))
            .put("succeededAt", new JsonObject().put("$lte", Instant.now().minusSeconds(2).toString())))
        .compose(list -> each(list, this::grant));
    Future<Void> unreleased = mongo.find(PAYMENTS, new JsonObject().put("released", true).put("ledger.release", new JsonObject().put("$ne", true)))
        .compose(list -> each(list, this::postRelease));
    Future<Void> unrefunded = mongo.find(PAYMENTS, new JsonObject().put("status", new JsonObject().put("$in", new JsonArray().add("REFUNDED").add("DISPUTED")))
            .put("ledger.refund", new JsonObject().put("$ne", true)))
        .compose(list -> each(list, this::postReversal));
    Future<Void> unpaid = payouts.redrive(stale);
    Future<Long> keys = idempotency.sweep();
    return Future.all(List.of(pending, unbooked, ungranted, unreleased, unrefunded, unpaid, keys)).mapEmpty();
  }

  private static Future<Void> each(List<JsonObject> items, Function<JsonObject, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject item : items) {
      chain = chain.compose(v -> step.apply(item));
    }
    return chain;
  }

  private Future<JsonObject> payout(Message<JsonObject> msg) {
    String creatorId = BusService.requireRole(msg, "CREATOR");
    JsonObject request = msg.body().getJsonObject("body", new JsonObject());
    return idempotency.run(creatorId, msg.body().getString("idempotencyKey"), request, op -> payouts.request(creatorId));
  }

  private Future<JsonObject> openPayoutAccount(Message<JsonObject> msg) {
    String creatorId = BusService.requireRole(msg, "CREATOR");
    return payouts.openAccount(creatorId, PAYOUT_ACCOUNT.check(msg.body().getJsonObject("body", new JsonObject())));
  }

  // ---- reading --------------------------------------------------------------------------------

  private Future<JsonObject> history(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    int limit = Math.max(1, Math.min(100, msg.body().getInteger("limit", 20)));
    JsonObject query = new JsonObject().put("userId", userId)
        .put("status", new JsonObject().put("$in", new JsonArray().add("SUCCEEDED").add("REFUNDED").add("DISPUTED").add("FAILED")));
    String cursor = msg.body().getString("cursor");
    if (cursor != null) {
      String[] parts = cursor.split("_", 2);
      if (parts.length != 2) {
        return Future.failedFuture(new ApiException(400, "Bad cursor."));
      }
      query.put("$or", new JsonArray()
          .add(new JsonObject().put("createdAt", new JsonObject().put("$lt", parts[0])))
          .add(new JsonObject().put("createdAt", parts[0]).put("_id", new JsonObject().put("$lt", parts[1]))));
    }
    FindOptions options = new FindOptions().setSort(new JsonObject().put("createdAt", -1).put("_id", -1)).setLimit(limit + 1);
    return mongo.findWithOptions(PAYMENTS, query, options).map(list -> {
      boolean more = list.size() > limit;
      List<JsonObject> page = more ? list.subList(0, limit) : list;
      JsonObject last = page.isEmpty() ? null : page.get(page.size() - 1);
      return new JsonObject().put("items", new JsonArray(page.stream().map(this::receipt).toList()))
          .put("nextCursor", more ? last.getString("createdAt") + "_" + last.getString("_id") : null);
    });
  }

  private Future<JsonObject> earnings(Message<JsonObject> msg) {
    String creatorId = BusService.requireRole(msg, "CREATOR");
    String pending = Accounts.creatorPending(creatorId);
    String available = Accounts.creatorAvailable(creatorId);
    String inFlight = Accounts.creatorPayoutsInFlight(creatorId);
    JsonObject query = new JsonObject().put("creatorId", creatorId)
        .put("status", new JsonObject().put("$in", new JsonArray().add("SUCCEEDED").add("REFUNDED").add("DISPUTED")));
    return Future.all(mongo.find(PAYMENTS, query), ledger.balances(List.of(pending, available, inFlight)),
            mongo.find(PAYOUTS, new JsonObject().put("creatorId", creatorId).put("status", "PAID")))
        .map(all -> {
          List<JsonObject> payments = all.resultAt(0);
          Map<String, Long> balances = all.resultAt(1);
          List<JsonObject> payouts = all.resultAt(2);
          long gross = 0;
          long fee = 0;
          long net = 0;
          long refunded = 0;
          long chargedBack = 0;
          Map<String, long[]> byType = new TreeMap<>();
          Map<String, long[]> byDay = new TreeMap<>();
          // Earnings still held: when each day's share becomes available to pay out.
          Map<String, long[]> releases = new TreeMap<>();
          long holdSeconds = settings.getLong("holdingPeriodSeconds");
          for (JsonObject p : payments) {
            if ("REFUNDED".equals(p.getString("status"))) {
              refunded += p.getLong("amount");
              continue;
            }
            if ("DISPUTED".equals(p.getString("status"))) {
              chargedBack += p.getLong("amount");
              continue;
            }
            gross += p.getLong("amount");
            fee += p.getLong("fee");
            net += p.getLong("net");
            if (!p.getBoolean("released", false)) {
              String at = Instant.parse(p.getString("succeededAt")).plusSeconds(holdSeconds).toString();
              long[] release = releases.computeIfAbsent(at.substring(0, 10), k -> new long[] {0, 0});
              release[0] += p.getLong("net");
              release[1] = Math.max(release[1], Instant.parse(at).toEpochMilli());
            }
            add(byType.computeIfAbsent(p.getString("type"), k -> new long[3]), p);
            String day = Instant.parse(p.getString("succeededAt")).atZone(ZoneOffset.UTC).toLocalDate().toString();
            add(byDay.computeIfAbsent(day, k -> new long[3]), p);
          }
          long paidOut = payouts.stream().mapToLong(p -> p.getLong("amount")).sum();
          return new JsonObject().put("currency", currency)
              .put("gross", money(gross)).put("platformFee", money(fee)).put("net", money(net))
              .put("refunded", money(refunded)).put("chargedBack", money(chargedBack))
              .put("pending", money(balances.get(pending))).put("available", money(balances.get(available)))
              .put("payoutsInFlight", money(balances.get(inFlight)))
              .put("paidOut", money(paidOut))
              .put("byType", breakdown(byType, "type")).put("byDay", breakdown(byDay, "day"))
              .put("minimumPayout", money(settings.getLong("minPayout"))).put("holdingPeriodSeconds", holdSeconds)
              .put("pendingReleases", releases(releases));
        });
  }

  /** Per day: the share that becomes available, and by when all of it has (the day's last release). */
  private JsonArray releases(Map<String, long[]> byDay) {
    JsonArray rows = new JsonArray();
    byDay.values().stream().limit(60).forEach(r -> rows.add(new JsonObject().put("amount", money(r[0]))
        .put("availableAt", Instant.ofEpochMilli(r[1]).toString())));
    return rows;
  }

  private static void add(long[] totals, JsonObject payment) {
    totals[0] += payment.getLong("amount");
    totals[1] += payment.getLong("fee");
    totals[2] += payment.getLong("net");
  }

  private JsonArray breakdown(Map<String, long[]> totals, String key) {
    JsonArray rows = new JsonArray();
    totals.forEach((k, t) -> rows.add(new JsonObject().put(key, k).put("gross", money(t[0])).put("platformFee", money(t[1]))
        .put("net", money(t[2]))));
    return rows;
  }

  private Future<JsonObject> entitlementCheck(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    return grantUntil(body.getString("userId"), body.getString("kind"), body.getString("target"))
        .map(until -> new JsonObject().put("entitled", live(until)).put("until", until > 0 ? until : null));
  }

  private static boolean live(long until) {
    return until == 0 || until > System.currentTimeMillis();
  }

  private Future<JsonObject> entitlementCheckMany(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    JsonArray targets = body.getJsonArray("targets", new JsonArray());
    if (targets.size() > 1000) {
      return Future.failedFuture(new ApiException(400, "Ask for at most 1000 targets at a time."));
    }
    List<Future<Boolean>> answers = new ArrayList<>();
    for (Object target : targets) {
      answers.add(entitled(body.getString("userId"), body.getString("kind"), String.valueOf(target)));
    }
    return Future.all(answers).map(all -> {
      JsonArray entitled = new JsonArray();
      for (int i = 0; i < answers.size(); i++) {
        if (answers.get(i).result()) {
          entitled.add(targets.getValue(i));
        }
      }
      return new JsonObject().put("entitled", entitled);
    });
  }

  private Future<JsonObject> entitlementTargets(Message<JsonObject> msg) {
    String userId = msg.body().getString("userId");
    String kind = msg.body().getString("kind");
    if (userId == null || kind == null) {
      return Future.failedFuture(new ApiException(400, "Ask with userId and kind."));
    }
    String key = userId + "|" + kind;
    Map<String, Long> cached = grantLists.getIfPresent(key);
    long stamp = grantChanges.get();
    Future<Map<String, Long>> live = cached != null ? Future.succeededFuture(cached)
        : mongo.find(ENTITLEMENTS, new JsonObject().put("userId", userId).put("kind", kind)).map(found -> {
          Map<String, Long> byTarget = new java.util.HashMap<>();
          for (JsonObject grant : found) {
            Long until = grant.getLong("until");
            byTarget.put(grant.getString("target"), until == null ? 0L : until);
          }
          if (grantChanges.get() == stamp) {
            grantLists.put(key, byTarget);
          }
          return byTarget;
        });
    return live.map(byTarget -> {
      long now = System.currentTimeMillis();
      JsonArray targets = new JsonArray();
      byTarget.forEach((target, until) -> {
        if (until == 0 || until > now) {
          targets.add(target);
        }
      });
      return new JsonObject().put("targets", targets);
    });
  }

  private Future<Boolean> entitled(String userId, String kind, String target) {
    return grantUntil(userId, kind, target).map(PaymentsVerticle::live);
  }

  /** The end of the user's access to the target in epoch ms: 0 for ever, -1 for none. */
  private Future<Long> grantUntil(String userId, String kind, String target) {
    if (userId == null || kind == null || target == null) {
      return Future.failedFuture(new ApiException(400, "Ask with userId, kind and target."));
    }
    String key = userId + "|" + kind + "|" + target;
    Long cached = grants.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long stamp = grantChanges.get();
    return mongo.findOne(ENTITLEMENTS, new JsonObject().put("_id", key), null).map(found -> {
      long until = found == null ? -1 : found.getLong("until") == null ? 0 : found.getLong("until");
      if (grantChanges.get() == stamp) { // no change raced with this read
        grants.put(key, until);
      }
      return until;
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  private JsonObject receipt(JsonObject payment) {
    JsonObject receipt = new JsonObject()
        .put("id", payment.getString("_id"))
        .put("type", payment.getString("type"))
        .put("status", payment.getString("status"))
        .put("amount", money(payment.getLong("amount")))
        .put("creatorId", payment.getString("creatorId"))
        .put("createdAt", payment.getString("createdAt"))
        .put("refs", payment.getJsonObject("refs", new JsonObject()));
    if (payment.getString("succeededAt") != null) {
      receipt.put("receipt", new JsonObject().put("number", "R-" + payment.getString("_id").substring(0, 8).toUpperCase())
          .put("paidAt", payment.getString("succeededAt")).put("paymentMethod", payment.getString("paymentMethod"))
          .put("charge", payment.getString("chargeId")));
    }
    if (payment.getString("refundedAt") != null) {
      receipt.put("refundedAt", payment.getString("refundedAt"));
    }
    return receipt;
  }

  private static JsonObject summary(JsonObject payment) {
    return new JsonObject().put("paymentId", payment.getString("_id")).put("type", payment.getString("type"))
        .put("userId", payment.getString("userId")).put("creatorId", payment.getString("creatorId"))
        .put("amount", payment.getLong("amount")).put("fee", payment.getLong("fee")).put("net", payment.getLong("net"))
        .put("currency", payment.getString("currency")).put("refs", payment.getJsonObject("refs"));
  }

  private JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }


}
