package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/** The {@code entitlements} collection: one grant per {@code user|kind|target}, with its end ({@code until}, none for ever). */
public final class EntitlementStore {

  private static final String ENTITLEMENTS = PaymentsCollections.ENTITLEMENTS;

  private final MongoClient mongo;

  public EntitlementStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public static String id(String userId, String kind, String target) {
    return userId + "|" + kind + "|" + target;
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(ENTITLEMENTS, new JsonObject().put("_id", id), null);
  }

  public Future<List<JsonObject>> ofUser(String userId, String kind) {
    return mongo.find(ENTITLEMENTS, new JsonObject().put("userId", userId).put("kind", kind));
  }

  /** Grants or extends; a grant that already reaches further than {@code until} stays as it is. */
  public Future<Void> grant(String userId, String kind, String target, Long until, String paymentId, String at) {
    String id = id(userId, kind, target);
    JsonObject set = new JsonObject().put("userId", userId).put("kind", kind).put("target", target)
        .put("paymentId", paymentId).put("until", until).put("grantedAt", at);
    JsonObject query = new JsonObject().put("_id", id);
    if (until != null) {
      query.put("$or", new JsonArray().add(new JsonObject().put("until", new JsonObject().put("$lt", until)))
          .add(new JsonObject().put("until", new JsonObject().put("$exists", false))));
    }
    return mongo.updateCollectionWithOptions(ENTITLEMENTS, query, new JsonObject().put("$set", set), new UpdateOptions().setUpsert(true))
        .<Void>mapEmpty()
        // The longer grant exists: the upsert's insert collided with it.
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** Removes what the payment paid for; the ids removed. */
  public Future<List<String>> removePaidBy(String paymentId) {
    return mongo.find(ENTITLEMENTS, new JsonObject().put("paymentId", paymentId))
        .compose(paidFor -> mongo.removeDocuments(ENTITLEMENTS, new JsonObject().put("paymentId", paymentId))
            .map(r -> paidFor.stream().map(g -> g.getString("_id")).toList()));
  }

  public Future<Void> remove(String id) {
    return mongo.removeDocument(ENTITLEMENTS, new JsonObject().put("_id", id)).mapEmpty();
  }

  /** Every grant's id, end and paying payment (for reconciliation). */
  public Future<List<JsonObject>> all() {
    return mongo.findWithOptions(ENTITLEMENTS, new JsonObject(),
        new io.vertx.ext.mongo.FindOptions().setFields(new JsonObject().put("until", 1).put("paymentId", 1)));
  }
}
