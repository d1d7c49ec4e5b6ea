package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Keyset;
import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/**
 * The {@code payments} collection. A payment records what should happen; every change of its status
 * is one conditional update on the status it was read in, so two runs of one step cannot both win.
 */
public final class PaymentStore {

  private static final String PAYMENTS = PaymentsCollections.PAYMENTS;
  private static final JsonArray KEPT = new JsonArray().add("SUCCEEDED").add("REFUNDED").add("DISPUTED");

  private final MongoClient mongo;

  public PaymentStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Future.all(
        Mongo.index(mongo, PAYMENTS, new JsonObject().put("userId", 1).put("createdAt", -1), new IndexOptions()),
        Mongo.index(mongo, PAYMENTS, new JsonObject().put("creatorId", 1).put("status", 1), new IndexOptions()),
        Mongo.index(mongo, PAYMENTS, new JsonObject().put("status", 1).put("released", 1), new IndexOptions())).mapEmpty();
  }

  /** Fails with a duplicate key when the id exists or the payment's offer is claimed by another. */
  public Future<Void> insert(JsonObject payment) {
    return mongo.insert(PAYMENTS, payment).mapEmpty();
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(PAYMENTS, new JsonObject().put("_id", id), null);
  }

  public Future<JsonObject> byChargeId(String chargeId) {
    return mongo.findOne(PAYMENTS, new JsonObject().put("chargeId", chargeId), null);
  }

  public Future<String> status(String id) {
    return mongo.findOne(PAYMENTS, new JsonObject().put("_id", id), new JsonObject().put("status", 1))
        .map(found -> found == null ? null : found.getString("status"));
  }

  /** PENDING → FAILED, giving its offer back. */
  public Future<Void> fail(String id, String declineCode) {
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "PENDING"),
        Offers.release(new JsonObject().put("$set", new JsonObject().put("status", "FAILED").put("declineCode", declineCode)))).mapEmpty();
  }

  /** FAILED with {@code declineCode} → PENDING again with {@code set} (which may claim the offer again: a duplicate key then). */
  public Future<Void> retry(String id, String declineCode, JsonObject set) {
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "FAILED").put("declineCode", declineCode),
        new JsonObject().put("$set", set).put("$unset", new JsonObject().put("declineCode", ""))).mapEmpty();
  }

  /** PENDING → SUCCEEDED. */
  public Future<Void> succeed(String id, String chargeId, String at) {
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "PENDING"),
        new JsonObject().put("$set", new JsonObject().put("status", "SUCCEEDED").put("chargeId", chargeId).put("succeededAt", at))).mapEmpty();
  }

  /** Records that a step of the payment is done ({@code ledger.payment}, {@code granted}, ...). */
  public Future<Void> mark(String id, String field) {
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id), new JsonObject().put("$set", new JsonObject().put(field, true)))
        .mapEmpty();
  }

  /** SUCCEEDED with {@code released} → {@code set} (a refund or a dispute), giving its offer back; false when it changed meanwhile. */
  public Future<Boolean> reverse(String id, boolean released, JsonObject set) {
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "SUCCEEDED").put("released", released),
        Offers.release(new JsonObject().put("$set", set))).map(r -> r.getDocModified() > 0);
  }

  /** Succeeded and not released since {@code before}. */
  public Future<List<JsonObject>> dueForRelease(String before, int limit) {
    return mongo.findWithOptions(PAYMENTS, new JsonObject().put("status", "SUCCEEDED").put("released", false)
        .put("succeededAt", new JsonObject().put("$lte", before)), new FindOptions().setLimit(limit));
  }

  /** Marks a succeeded payment released; false when another run did, or it was refunded. */
  public Future<Boolean> release(String id, String at) {
    return mongo.updateCollection(PAYMENTS, new JsonObject().put("_id", id).put("status", "SUCCEEDED").put("released", false),
            new JsonObject().put("$set", new JsonObject().put("released", true).put("releasedAt", at)))
        .map(r -> r.getDocModified() > 0);
  }

  public Future<List<JsonObject>> pendingSince(String before) {
    return mongo.find(PAYMENTS, new JsonObject().put("status", "PENDING").put("createdAt", new JsonObject().put("$lte", before)));
  }

  /** Kept payments whose journal entry is not booked. */
  public Future<List<JsonObject>> unbooked() {
    return mongo.find(PAYMENTS, new JsonObject().put("status", new JsonObject().put("$in", KEPT))
        .put("ledger.payment", new JsonObject().put("$ne", true)));
  }

  /** Booked payments that bought access whose grant never landed (a crash between the two). */
  public Future<List<JsonObject>> ungranted(String succeededBefore) {
    return mongo.find(PAYMENTS, new JsonObject().put("status", "SUCCEEDED").put("ledger.payment", true)
        .put("entitlement", new JsonObject().put("$ne", null)).put("granted", new JsonObject().put("$ne", true))
        .put("succeededAt", new JsonObject().put("$lte", succeededBefore)));
  }

  public Future<List<JsonObject>> releasedUnbooked() {
    return mongo.find(PAYMENTS, new JsonObject().put("released", true).put("ledger.release", new JsonObject().put("$ne", true)));
  }

  public Future<List<JsonObject>> reversedUnbooked() {
    return mongo.find(PAYMENTS, new JsonObject().put("status", new JsonObject().put("$in", new JsonArray().add("REFUNDED").add("DISPUTED")))
        .put("ledger.refund", new JsonObject().put("$ne", true)));
  }

  /** A fan's payments (failed ones too), newest first, after the cursor position {@code (createdAt, _id)} when given. */
  public Future<List<JsonObject>> historyOf(String userId, String afterCreatedAt, String afterId, int limit) {
    JsonObject query = new JsonObject().put("userId", userId)
        .put("status", new JsonObject().put("$in", KEPT.copy().add("FAILED")));
    return mongo.findWithOptions(PAYMENTS, Keyset.after(query, "createdAt", afterCreatedAt, afterId, true),
        new FindOptions().setSort(Keyset.order("createdAt", true)).setLimit(limit));
  }

  /** A creator's kept payments (refunded and disputed ones too). */
  public Future<List<JsonObject>> keptFor(String creatorId) {
    return mongo.find(PAYMENTS, new JsonObject().put("creatorId", creatorId).put("status", new JsonObject().put("$in", KEPT)));
  }

  // ---- for reconciliation ----

  /** Kept payments that bought access, succeeded by {@code settled}: their buyer and what they bought. */
  public Future<List<JsonObject>> keptWithAccess(String settled) {
    return mongo.findWithOptions(PAYMENTS, new JsonObject().put("status", "SUCCEEDED")
            .put("entitlement.kind", new JsonObject().put("$exists", true)).put("succeededAt", new JsonObject().put("$lte", settled)),
        new FindOptions().setFields(new JsonObject().put("userId", 1).put("entitlement", 1)));
  }

  /** The status of each of these payments (missing ones are absent). */
  public Future<java.util.Map<String, String>> statuses(java.util.Collection<String> ids) {
    return mongo.findWithOptions(PAYMENTS, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids)))),
            new FindOptions().setFields(new JsonObject().put("status", 1)))
        .map(found -> found.stream().collect(java.util.stream.Collectors.toMap(p -> p.getString("_id"), p -> p.getString("status"))));
  }

  /** Fans holding more than one kept payment for one one-off offer: {@code {_id: {userId, kind, target}, payments}}. */
  public Future<List<JsonObject>> duplicatePurchases() {
    JsonArray pipeline = new JsonArray()
        .add(new JsonObject().put("$match", new JsonObject().put("status", "SUCCEEDED")
            .put("entitlement.kind", new JsonObject().put("$exists", true))
            .put("entitlement.until", new JsonObject().put("$exists", false))))
        .add(new JsonObject().put("$group", new JsonObject()
            .put("_id", new JsonObject().put("userId", "$userId").put("kind", "$entitlement.kind").put("target", "$entitlement.target"))
            .put("payments", new JsonObject().put("$sum", 1))))
        .add(new JsonObject().put("$match", new JsonObject().put("payments", new JsonObject().put("$gt", 1))));
    return Mongo.aggregate(mongo, PAYMENTS, pipeline);
  }

  /** The ids of the payments that took money (kept, refunded or disputed). */
  public Future<List<String>> keptIds() {
    return mongo.findWithOptions(PAYMENTS, new JsonObject().put("status", new JsonObject().put("$in", KEPT)),
            new FindOptions().setFields(new JsonObject().put("_id", 1)))
        .map(found -> found.stream().map(p -> p.getString("_id")).toList());
  }
}
