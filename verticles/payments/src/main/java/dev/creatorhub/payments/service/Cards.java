package dev.creatorhub.payments.service;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The cards the platform keeps for a fan (renewals, room tips): what the provider says each one is
 * (brand, last four, expiry), which is the default, and removing one. A card is kept once it paid or
 * was saved for a trial; the first one kept becomes the default. Owns {@code cards}.
 */
public final class Cards {

  private static final Logger LOG = LoggerFactory.getLogger(Cards.class);
  static final String CARDS = "cards";

  private final MongoClient mongo;
  private final PaymentProvider provider;

  Cards(MongoClient mongo, PaymentProvider provider) {
    this.mongo = mongo;
    this.provider = provider;
  }

  Future<Void> createIndexes() {
    return dev.creatorhub.shared.mongo.Mongo.index(mongo, CARDS, new JsonObject().put("userId", 1), new io.vertx.ext.mongo.IndexOptions());
  }

  private static String id(String userId, String paymentMethod) {
    return userId + "|" + paymentMethod;
  }

  /** Keeps a card that just paid or was saved; best effort (a payment never fails because of it). */
  Future<Void> remember(String userId, String paymentMethod) {
    JsonObject kept = new JsonObject().put("_id", id(userId, paymentMethod));
    return mongo.updateCollection(CARDS, kept, new JsonObject().put("$set", new JsonObject().put("lastUsedAt", Instant.now().toString())))
        .compose(r -> r.getDocMatched() > 0 ? Future.<Void>succeededFuture() : keep(userId, paymentMethod))
        .recover(err -> {
          LOG.warn("could not keep card {} of {}: {}", paymentMethod, userId, err.toString());
          return Future.succeededFuture();
        });
  }

  /** A card seen for the first time: the provider describes it once. */
  private Future<Void> keep(String userId, String paymentMethod) {
    return provider.describeCard(userId, paymentMethod).compose(card -> {
      String now = Instant.now().toString();
      JsonObject set = new JsonObject().put("userId", userId).put("paymentMethod", paymentMethod).put("brand", card.brand())
          .put("last4", card.last4()).put("expMonth", card.expMonth()).put("expYear", card.expYear()).put("lastUsedAt", now);
      return mongo.updateCollectionWithOptions(CARDS, new JsonObject().put("_id", id(userId, paymentMethod)),
              new JsonObject().put("$set", set).put("$setOnInsert", new JsonObject().put("createdAt", now).put("isDefault", false)),
              new UpdateOptions().setUpsert(true))
          .compose(r -> mongo.count(CARDS, new JsonObject().put("userId", userId).put("isDefault", true)))
          .compose(defaults -> defaults > 0 ? Future.succeededFuture()
              : mongo.updateCollection(CARDS, new JsonObject().put("_id", id(userId, paymentMethod)),
                  new JsonObject().put("$set", new JsonObject().put("isDefault", true))).mapEmpty());
    }).mapEmpty();
  }

  Future<JsonObject> list(String userId) {
    return mongo.findWithOptions(CARDS, new JsonObject().put("userId", userId),
            new FindOptions().setSort(new JsonObject().put("isDefault", -1).put("lastUsedAt", -1)))
        .map(cards -> new JsonObject().put("items", new JsonArray(cards.stream().map(Cards::view).toList())));
  }

  Future<JsonObject> makeDefault(String userId, String paymentMethod) {
    return owned(userId, paymentMethod)
        .compose(card -> mongo.updateCollection(CARDS, new JsonObject().put("userId", userId).put("isDefault", true),
            new JsonObject().put("$set", new JsonObject().put("isDefault", false))))
        .compose(r -> mongo.updateCollection(CARDS, new JsonObject().put("_id", id(userId, paymentMethod)),
            new JsonObject().put("$set", new JsonObject().put("isDefault", true))))
        .compose(r -> list(userId));
  }

  /** Forgets a card (and detaches it at the provider); the most recently used other card becomes the default. */
  Future<JsonObject> remove(String userId, String paymentMethod) {
    return owned(userId, paymentMethod)
        .compose(card -> provider.removeCard(userId, paymentMethod)
            .compose(v -> mongo.removeDocument(CARDS, new JsonObject().put("_id", id(userId, paymentMethod))))
            .compose(r -> !card.getBoolean("isDefault", false) ? Future.succeededFuture()
                : mongo.findWithOptions(CARDS, new JsonObject().put("userId", userId),
                        new FindOptions().setSort(new JsonObject().put("lastUsedAt", -1)).setLimit(1))
                    .compose(rest -> rest.isEmpty() ? Future.succeededFuture()
                        : mongo.updateCollection(CARDS, new JsonObject().put("_id", rest.get(0).getString("_id")),
                            new JsonObject().put("$set", new JsonObject().put("isDefault", true))).mapEmpty())))
        .compose(v -> list(userId));
  }

  /** The card to use when the fan is not there (room tips); 402 when none is kept. */
  Future<String> defaultCard(String userId) {
    return mongo.findOne(CARDS, new JsonObject().put("userId", userId).put("isDefault", true), null).compose(card -> card == null
        ? Future.failedFuture(new ApiException(402, "Payment Required", "No saved card yet: pay once with a card first.", null))
        : Future.succeededFuture(card.getString("paymentMethod")));
  }

  /** The card a renewal charges: the subscription's own while it is kept, else the default; null when the fan kept none. */
  Future<String> forRenewal(String userId, String paymentMethod) {
    return mongo.findOne(CARDS, new JsonObject().put("_id", id(userId, paymentMethod)), null)
        .compose(kept -> kept != null ? Future.succeededFuture(paymentMethod)
            : mongo.findOne(CARDS, new JsonObject().put("userId", userId).put("isDefault", true), null)
                .map(card -> card == null ? null : card.getString("paymentMethod")));
  }

  /** Brand and last four of a card, for a decline's answer ({@code null} fields when unknown). */
  Future<JsonObject> summary(String userId, String paymentMethod) {
    return provider.describeCard(userId, paymentMethod)
        .map(card -> new JsonObject().put("brand", card.brand()).put("last4", card.last4()))
        .recover(err -> Future.succeededFuture(new JsonObject()));
  }

  private Future<JsonObject> owned(String userId, String paymentMethod) {
    return mongo.findOne(CARDS, new JsonObject().put("_id", id(userId, paymentMethod)), null).compose(card -> card == null
        ? Future.failedFuture(new ApiException(404, "No such card.")) : Future.succeededFuture(card));
  }

  private static JsonObject view(JsonObject card) {
    return new JsonObject().put("id", card.getString("paymentMethod")).put("brand", card.getString("brand"))
        .put("last4", card.getString("last4")).put("expMonth", card.getInteger("expMonth")).put("expYear", card.getInteger("expYear"))
        .put("isDefault", card.getBoolean("isDefault", false));
  }
}
