package dev.creatorhub.payments.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.ext.mongo.MongoClient;

/** The {@code payout_accounts} collection: a creator's account at the provider and whether it can receive money. */
public final class PayoutAccountStore {

  private static final String ACCOUNTS = PaymentsCollections.PAYOUT_ACCOUNTS;

  private final MongoClient mongo;

  public PayoutAccountStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<JsonObject> of(String creatorId) {
    return mongo.findOne(ACCOUNTS, new JsonObject().put("_id", creatorId), null);
  }

  /** Sets {@code set} on the creator's account (created when missing); the account after. */
  public Future<JsonObject> save(String creatorId, JsonObject set, String at) {
    return mongo.updateCollectionWithOptions(ACCOUNTS, new JsonObject().put("_id", creatorId),
            new JsonObject().put("$set", set).put("$setOnInsert", new JsonObject().put("createdAt", at)), new UpdateOptions().setUpsert(true))
        .compose(r -> of(creatorId));
  }

  /** The provider's word on whether the account can be paid; an older event ({@code created}) never overrides a newer one. */
  public Future<Void> providerSays(String accountId, boolean payoutsEnabled, long created, String at) {
    JsonObject query = new JsonObject().put("accountId", accountId).put("$or", new JsonArray()
        .add(new JsonObject().put("eventCreated", new JsonObject().put("$lt", created)))
        .add(new JsonObject().put("eventCreated", new JsonObject().put("$exists", false))));
    return mongo.updateCollection(ACCOUNTS, query, new JsonObject().put("$set", new JsonObject()
        .put("payoutsEnabled", payoutsEnabled).put("eventCreated", created).put("updatedAt", at))).mapEmpty();
  }
}
