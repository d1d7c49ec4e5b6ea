package dev.creatorhub.payments.service;

import dev.creatorhub.shared.money.Money;
import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.live.api.LiveClient;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.idempotency.Idempotency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What fans pay for: tips, PPV posts and stream tickets; and the charges other domains ask for (subscriptions). */
public final class Purchases {


  private final Paying paying;
  private final Entitlements entitlements;
  private final Cards cards;
  private final PaymentProvider provider;
  private final Idempotency idempotency;
  private final AuthClient auth;
  private final ContentClient content;
  private final LiveClient live;
  private final PaymentsSettings settings;
  private final String currency;

  Purchases(Paying paying, Entitlements entitlements, Cards cards, PaymentProvider provider, Idempotency idempotency,
            AuthClient auth, ContentClient content, LiveClient live, PaymentsSettings settings) {
    this.paying = paying;
    this.entitlements = entitlements;
    this.cards = cards;
    this.provider = provider;
    this.idempotency = idempotency;
    this.auth = auth;
    this.content = content;
    this.live = live;
    this.settings = settings;
    this.currency = settings.currency();
  }

  /** A tip by {@code userId}: from {@code POST /tips}, or from a domain tipping on the user's behalf. */
  public Future<JsonObject> tip(String userId, JsonObject request, String idempotencyKey) {
    JsonObject body = PaymentsSchemas.TIP.check(request);
    JsonObject amount = body.getJsonObject("amount");
    if (!currency.equals(amount.getString("currency"))) {
      throw new ApiException(400, "Tips are in " + currency + ".");
    }
    long value = amount.getLong("amount");
    if (!Money.from(amount).within(settings.minTip(), settings.maxTip())) {
      throw new ApiException(400, "A tip must be between " + settings.minTip() + " and " + settings.maxTip() + " (minor units).");
    }
    return idempotency.run(userId, idempotencyKey, request, op -> paying.resumeOr(op, () -> auth.activeCreator(body.getString("creator"))
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
          return tipReferences(body, creator.id()).compose(v -> paying.pay(op, userId, creator.id(), "TIP", value,
              body.getString("paymentMethod"), PaymentProvider.Usage.ONE_OFF, refs, null));
        })));
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

  /** Buys a PPV post ({@code kind} PPV) or a stream ticket (TICKET): once per fan, enforced by the offer claim. */
  public Future<JsonObject> purchase(String userId, String kind, String target, JsonObject request, String idempotencyKey) {
    JsonObject body = PaymentsSchemas.PURCHASE.check(request);
    Supplier<Future<Offer>> offered = kind.equals("PPV")
        ? () -> content.postOffer(target).map(o -> new Offer(o.creatorId(), "PPV".equals(o.visibility()), o.price()))
        : () -> live.streamOffer(target).map(o -> new Offer(o.creatorId(), "TICKET".equals(o.access()), o.ticketPrice()));
    return idempotency.run(userId, idempotencyKey, request.copy().put("target", target), op -> paying.resumeOr(op, () ->
        offered.get().compose(offer -> {
          JsonObject price = offer.price();
          if (!offer.forSale() || price == null) {
            return Future.failedFuture(new ApiException(409, kind.equals("PPV") ? "This post is not for sale." : "This stream sells no tickets."));
          }
          if (offer.creatorId().equals(userId)) {
            return Future.failedFuture(new ApiException(409, "You cannot buy your own content."));
          }
          return entitlements.entitled(userId, kind, target).compose(already -> already
              ? Future.failedFuture(new ApiException(409, "You already have access."))
              : paying.pay(op, userId, offer.creatorId(), kind, price.getLong("amount"), body.getString("paymentMethod"),
                  PaymentProvider.Usage.ONE_OFF, new JsonObject().put(kind.equals("PPV") ? "postId" : "streamId", target),
                  new JsonObject().put("kind", kind).put("target", target)));
        })));
  }

  /** What a post or a stream sells, whichever it is. */
  private record Offer(String creatorId, boolean forSale, JsonObject price) {
  }

  /** A charge another domain asks for (subscriptions), idempotent by its {@code chargeKey}. */
  public Future<JsonObject> internalCharge(JsonObject body) {
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
    return idempotency.run("internal", key, body, op -> paying.resumeOr(op, () -> card.compose(paymentMethod -> paymentMethod == null
        ? Future.failedFuture(new ApiException(402, "Payment Required", "No saved card: add a card to renew.",
            new JsonObject().put("declineCode", "no_card")))
        : paying.pay(op, userId, body.getString("creatorId"), body.getString("type"), body.getLong("amount"), paymentMethod, usage,
            body.getJsonObject("refs", new JsonObject()), body.getJsonObject("entitlement")))));
  }

  /** Checks and keeps a card for later charges (a free trial's renewal); 402 when it is declined. */
  public Future<JsonObject> saveCard(JsonObject body) {
    if (body.getString("userId") == null || body.getString("paymentMethod") == null || body.getString("key") == null) {
      return Future.failedFuture(new ApiException(400, "userId, paymentMethod and key are required."));
    }
    return provider.saveCard(body.getString("userId"), body.getString("paymentMethod"), "save_" + body.getString("key"))
        .compose(saved -> saved.succeeded()
            ? cards.remember(body.getString("userId"), body.getString("paymentMethod")).map(new JsonObject().put("saved", true))
            : Future.failedFuture(new ApiException(402, "Payment Required", "The card was declined.",
                new JsonObject().put("declineCode", saved.declineCode()))));
  }
}
