package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/**
 * The {@code payouts} collection (one document per payout, PENDING until the provider answers, then
 * PAID or FAILED once) and {@code payout_locks} (one request at a time per creator).
 */
public final class PayoutStore {

  private static final String PAYOUTS = PaymentsCollections.PAYOUTS;
  private static final String LOCKS = PaymentsCollections.PAYOUT_LOCKS;

  private final MongoClient mongo;

  public PayoutStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Takes the creator's lock; false when another holder has it (a lock older than {@code staleBefore} ms is taken over). */
  public Future<Boolean> lock(String creatorId, long now, long staleBefore) {
    return mongo.insert(LOCKS, new JsonObject().put("_id", creatorId).put("at", now)).map(id -> true).recover(err -> {
      if (!Mongo.isDuplicateKey(err)) {
        return Future.failedFuture(err);
      }
      JsonObject stale = new JsonObject().put("_id", creatorId).put("at", new JsonObject().put("$lt", staleBefore));
      return mongo.removeDocuments(LOCKS, stale).compose(r -> r.getRemovedCount() == 1
          ? lock(creatorId, now, staleBefore) : Future.succeededFuture(false));
    });
  }

  public Future<Void> unlock(String creatorId) {
    return mongo.removeDocument(LOCKS, new JsonObject().put("_id", creatorId)).mapEmpty();
  }

  public Future<Void> insert(JsonObject payout) {
    return mongo.insert(PAYOUTS, payout).mapEmpty();
  }

  /** Inserts a payout rebuilt from its reservation; nothing when it is there already. */
  public Future<Void> insertIfAbsent(JsonObject payout) {
    return insert(payout).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture() : Future.failedFuture(err));
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(PAYOUTS, new JsonObject().put("_id", id), null);
  }

  /** Counts an attempt the provider did not answer. */
  public Future<Void> attemptFailed(String id, String error) {
    return mongo.updateCollection(PAYOUTS, new JsonObject().put("_id", id).put("status", "PENDING"),
        new JsonObject().put("$inc", new JsonObject().put("attempts", 1)).put("$set", new JsonObject().put("lastError", error))).mapEmpty();
  }

  /** PENDING → {@code set} (its outcome) once; the updated payout, or null when another run settled it. */
  public Future<JsonObject> settle(String id, JsonObject set) {
    return mongo.findOneAndUpdateWithOptions(PAYOUTS, new JsonObject().put("_id", id).put("status", "PENDING"),
        new JsonObject().put("$set", set), new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  public Future<Void> markBooked(String id) {
    return mongo.updateCollection(PAYOUTS, new JsonObject().put("_id", id), new JsonObject().put("$set", new JsonObject().put("booked", true)))
        .mapEmpty();
  }

  public Future<List<JsonObject>> pendingSince(String before) {
    return mongo.find(PAYOUTS, new JsonObject().put("status", "PENDING").put("createdAt", new JsonObject().put("$lte", before)));
  }

  /** Settled payouts created since {@code since} whose journal entry is not booked. */
  public Future<List<JsonObject>> settledUnbooked(String since) {
    return mongo.find(PAYOUTS, new JsonObject().put("status", new JsonObject().put("$in", new JsonArray().add("PAID").add("FAILED")))
        .put("booked", new JsonObject().put("$ne", true)).put("createdAt", new JsonObject().put("$gte", since)));
  }

  /** A creator's payouts, newest first. */
  public Future<List<JsonObject>> of(String creatorId, int limit) {
    return mongo.findWithOptions(PAYOUTS, new JsonObject().put("creatorId", creatorId),
        new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(limit));
  }

  public Future<List<JsonObject>> paidTo(String creatorId) {
    return mongo.find(PAYOUTS, new JsonObject().put("creatorId", creatorId).put("status", "PAID"));
  }

  /** The amounts of every payout not yet paid or refused. */
  public Future<List<Long>> pendingAmounts() {
    return mongo.findWithOptions(PAYOUTS, new JsonObject().put("status", "PENDING"), new FindOptions().setFields(new JsonObject().put("amount", 1)))
        .map(found -> found.stream().map(p -> p.getLong("amount")).toList());
  }
}
