package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

/**
 * The offline provider's own books, standing in for Stripe's: charges by idempotency key
 * ({@code sandbox_charges}), the events it sent ({@code sandbox_events}), connected accounts
 * ({@code sandbox_accounts}) and payouts by key ({@code sandbox_payouts}).
 */
public final class SandboxRecords {

  public static final String CHARGES = "sandbox_charges";
  public static final String EVENTS = "sandbox_events";
  private static final String ACCOUNTS = "sandbox_accounts";
  private static final String PAYOUTS = "sandbox_payouts";

  private final MongoClient mongo;

  public SandboxRecords(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Records a charge under its key; false when the key was charged before. */
  public Future<Boolean> charged(JsonObject charge) {
    return firstTime(CHARGES, charge);
  }

  public Future<JsonObject> charge(String key) {
    return mongo.findOne(CHARGES, new JsonObject().put("_id", key), null);
  }

  public Future<JsonObject> chargeById(String chargeId) {
    return mongo.findOne(CHARGES, new JsonObject().put("chargeId", chargeId), null);
  }

  /** Sets fields of a charge named by its key. */
  public Future<Void> updateCharge(String key, JsonObject set) {
    return mongo.updateCollection(CHARGES, new JsonObject().put("_id", key), new JsonObject().put("$set", set)).mapEmpty();
  }

  /** Records a refund of the charge; the charge as it was, or null when there is none. */
  public Future<JsonObject> refunded(String chargeId, long amount) {
    return mongo.findOneAndUpdate(CHARGES, new JsonObject().put("chargeId", chargeId),
        new JsonObject().put("$set", new JsonObject().put("refundedAmount", amount)));
  }

  public Future<Void> sent(JsonObject event, String at) {
    return mongo.insert(EVENTS, new JsonObject().put("_id", event.getString("id")).put("event", event).put("at", at)).mapEmpty();
  }

  /** Sets fields of a connected account (created when missing); the account after. */
  public Future<JsonObject> saveAccount(String accountId, JsonObject set) {
    return mongo.updateCollectionWithOptions(ACCOUNTS, new JsonObject().put("_id", accountId), new JsonObject().put("$set", set),
            new UpdateOptions().setUpsert(true))
        .compose(r -> account(accountId));
  }

  public Future<JsonObject> account(String accountId) {
    return mongo.findOne(ACCOUNTS, new JsonObject().put("_id", accountId), null);
  }

  public Future<JsonObject> payout(String key) {
    return mongo.findOne(PAYOUTS, new JsonObject().put("_id", key), null);
  }

  /** Records a payout under its key; false when the key was paid before. */
  public Future<Boolean> paidOut(JsonObject payout) {
    return firstTime(PAYOUTS, payout);
  }

  private Future<Boolean> firstTime(String collection, JsonObject document) {
    return mongo.insert(collection, document).map(id -> true)
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }
}
