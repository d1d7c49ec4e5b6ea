package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/** The {@code cards} collection: one document per fan and payment method, at most one of a fan's marked default. */
public final class CardStore {

  public static final String CARDS = "cards";

  private final MongoClient mongo;

  public CardStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Mongo.index(mongo, CARDS, new JsonObject().put("userId", 1), new IndexOptions());
  }

  private static JsonObject byId(String userId, String paymentMethod) {
    return new JsonObject().put("_id", userId + "|" + paymentMethod);
  }

  /** Marks a kept card used now; false when the card is not kept. */
  public Future<Boolean> touch(String userId, String paymentMethod, String at) {
    return mongo.updateCollection(CARDS, byId(userId, paymentMethod), new JsonObject().put("$set", new JsonObject().put("lastUsedAt", at)))
        .map(r -> r.getDocMatched() > 0);
  }

  /** Keeps a card as the provider describes it ({@code details}); a new one is not the default. */
  public Future<Void> keep(String userId, String paymentMethod, JsonObject details, String at) {
    JsonObject set = details.copy().put("userId", userId).put("paymentMethod", paymentMethod).put("lastUsedAt", at);
    return mongo.updateCollectionWithOptions(CARDS, byId(userId, paymentMethod),
        new JsonObject().put("$set", set).put("$setOnInsert", new JsonObject().put("createdAt", at).put("isDefault", false)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  public Future<Boolean> hasDefault(String userId) {
    return mongo.count(CARDS, new JsonObject().put("userId", userId).put("isDefault", true)).map(n -> n > 0);
  }

  /** The fan's cards, the default first, then the most recently used. */
  public Future<List<JsonObject>> of(String userId) {
    return mongo.findWithOptions(CARDS, new JsonObject().put("userId", userId),
        new FindOptions().setSort(new JsonObject().put("isDefault", -1).put("lastUsedAt", -1)));
  }

  public Future<JsonObject> find(String userId, String paymentMethod) {
    return mongo.findOne(CARDS, byId(userId, paymentMethod), null);
  }

  public Future<JsonObject> defaultOf(String userId) {
    return mongo.findOne(CARDS, new JsonObject().put("userId", userId).put("isDefault", true), null);
  }

  /** The fan's most recently used card, or null. */
  public Future<JsonObject> lastUsed(String userId) {
    return mongo.findWithOptions(CARDS, new JsonObject().put("userId", userId),
            new FindOptions().setSort(new JsonObject().put("lastUsedAt", -1)).setLimit(1))
        .map(found -> found.isEmpty() ? null : found.get(0));
  }

  /** Makes this card the fan's default and no other. */
  public Future<Void> makeDefault(String userId, String paymentMethod) {
    return mongo.updateCollection(CARDS, new JsonObject().put("userId", userId).put("isDefault", true),
            new JsonObject().put("$set", new JsonObject().put("isDefault", false)))
        .compose(r -> setDefault(userId, paymentMethod));
  }

  /** Marks one card default (when the fan has none). */
  public Future<Void> setDefault(String userId, String paymentMethod) {
    return mongo.updateCollection(CARDS, byId(userId, paymentMethod), new JsonObject().put("$set", new JsonObject().put("isDefault", true)))
        .mapEmpty();
  }

  public Future<Void> remove(String userId, String paymentMethod) {
    return mongo.removeDocument(CARDS, byId(userId, paymentMethod)).mapEmpty();
  }
}
