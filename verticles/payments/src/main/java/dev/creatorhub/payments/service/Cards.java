package dev.creatorhub.payments.service;

import dev.creatorhub.payments.store.CardStore;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The cards the platform keeps for a fan (renewals, room tips): what the provider says each one is
 * (brand, last four, expiry), which is the default, and removing one. A card is kept once it paid or
 * was saved for a trial; the first one kept becomes the default. Its documents are in {@link CardStore}.
 */
public final class Cards {

  private static final Logger LOG = LoggerFactory.getLogger(Cards.class);

  private final CardStore store;
  private final PaymentProvider provider;
  private final Clock clock;

  Cards(CardStore store, PaymentProvider provider, Clock clock) {
    this.clock = clock;
    this.store = store;
    this.provider = provider;
  }

  Future<Void> createIndexes() {
    return store.createIndexes();
  }

  /** Keeps a card that just paid or was saved; best effort (a payment never fails because of it). */
  Future<Void> remember(String userId, String paymentMethod) {
    return store.touch(userId, paymentMethod, clock.instant().toString())
        .compose(kept -> kept ? Future.<Void>succeededFuture() : keep(userId, paymentMethod))
        .recover(err -> {
          LOG.warn("could not keep card {} of {}: {}", paymentMethod, userId, err.toString());
          return Future.succeededFuture();
        });
  }

  /** A card seen for the first time: the provider describes it once; the first one kept becomes the default. */
  private Future<Void> keep(String userId, String paymentMethod) {
    return provider.describeCard(userId, paymentMethod).compose(card -> {
      JsonObject details = new JsonObject().put("brand", card.brand()).put("last4", card.last4())
          .put("expMonth", card.expMonth()).put("expYear", card.expYear());
      return store.keep(userId, paymentMethod, details, clock.instant().toString())
          .compose(v -> store.hasDefault(userId))
          .compose(hasDefault -> hasDefault ? Future.<Void>succeededFuture() : store.setDefault(userId, paymentMethod));
    });
  }

  Future<JsonObject> list(String userId) {
    return store.of(userId).map(cards -> new JsonObject().put("items", new JsonArray(cards.stream().map(Cards::view).toList())));
  }

  Future<JsonObject> makeDefault(String userId, String paymentMethod) {
    return owned(userId, paymentMethod)
        .compose(card -> store.makeDefault(userId, paymentMethod))
        .compose(v -> list(userId));
  }

  /** Forgets a card (and detaches it at the provider); the most recently used other card becomes the default. */
  Future<JsonObject> remove(String userId, String paymentMethod) {
    return owned(userId, paymentMethod)
        .compose(card -> provider.removeCard(userId, paymentMethod)
            .compose(v -> store.remove(userId, paymentMethod))
            .compose(v -> !card.getBoolean("isDefault", false) ? Future.<Void>succeededFuture()
                : store.lastUsed(userId).compose(next -> next == null ? Future.<Void>succeededFuture()
                    : store.setDefault(userId, next.getString("paymentMethod")))))
        .compose(v -> list(userId));
  }

  /** The card to use when the fan is not there (room tips); 402 when none is kept. */
  Future<String> defaultCard(String userId) {
    return store.defaultOf(userId).compose(card -> card == null
        ? Future.failedFuture(new ApiException(402, "Payment Required", "No saved card yet: pay once with a card first.", null))
        : Future.succeededFuture(card.getString("paymentMethod")));
  }

  /** The card a renewal charges: the subscription's own while it is kept, else the default; null when the fan kept none. */
  Future<String> forRenewal(String userId, String paymentMethod) {
    return store.find(userId, paymentMethod)
        .compose(kept -> kept != null ? Future.succeededFuture(paymentMethod)
            : store.defaultOf(userId).map(card -> card == null ? null : card.getString("paymentMethod")));
  }

  /** Brand and last four of a card, for a decline's answer ({@code null} fields when unknown). */
  Future<JsonObject> summary(String userId, String paymentMethod) {
    return provider.describeCard(userId, paymentMethod)
        .map(card -> new JsonObject().put("brand", card.brand()).put("last4", card.last4()))
        .recover(err -> Future.succeededFuture(new JsonObject()));
  }

  private Future<JsonObject> owned(String userId, String paymentMethod) {
    return store.find(userId, paymentMethod).compose(card -> card == null
        ? Future.failedFuture(new ApiException(404, "No such card.")) : Future.succeededFuture(card));
  }

  private static JsonObject view(JsonObject card) {
    return new JsonObject().put("id", card.getString("paymentMethod")).put("brand", card.getString("brand"))
        .put("last4", card.getString("last4")).put("expMonth", card.getInteger("expMonth")).put("expYear", card.getInteger("expYear"))
        .put("isDefault", card.getBoolean("isDefault", false));
  }
}
