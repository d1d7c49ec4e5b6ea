package dev.creatorhub.payments.store;

import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

/**
 * "One fan buys one offer once" as a fact of the store, not a check before a charge: a payment for
 * a one-off offer (a PPV post, a stream ticket, later a message unlock) carries {@code offer =
 * user|kind|target} under a unique sparse index while it is pending or kept. The insert that claims
 * the offer happens before the card is charged, so a second claim (another click, another key,
 * another node) fails in the store and never reaches the provider. A decline, a refund or a
 * chargeback drops the field, so the fan may buy again.
 */
public final class Offers {

  public static final String FIELD = "offer";

  private final MongoClient mongo;

  public Offers(MongoClient mongo) {
    this.mongo = mongo;
  }

  public static String key(String userId, String kind, String target) {
    return userId + "|" + kind + "|" + target;
  }

  /** The offer a payment claims: one-off entitlements only (a subscription's renewals are claimed by its own document). */
  public static String of(String userId, JsonObject entitlement) {
    if (entitlement == null || entitlement.getValue("until") != null) {
      return null;
    }
    return key(userId, entitlement.getString("kind"), entitlement.getString("target"));
  }

  public Future<Void> createIndex() {
    return Mongo.index(mongo, PaymentsCollections.PAYMENTS, new JsonObject().put(FIELD, 1),
        new IndexOptions().name("offer_unique").unique(true).sparse(true));
  }

  /** What the loser of a claim is told: the winner already paid, or is paying right now. */
  public <T> Future<T> claimedBy(String offer) {
    return mongo.findOne(PaymentsCollections.PAYMENTS, new JsonObject().put(FIELD, offer), new JsonObject().put("status", 1))
        .compose(winner -> {
          JsonObject extensions = new JsonObject().put("paymentId", winner == null ? null : winner.getString("_id"));
          if (winner != null && "PENDING".equals(winner.getString("status"))) {
            return Future.<T>failedFuture(new ApiException(409, "Conflict", "A purchase of this is already in progress.", extensions));
          }
          return Future.<T>failedFuture(new ApiException(409, "Conflict", "You already have access.", extensions));
        });
  }

  /** The update part that gives the offer back (with a status change in the same write). */
  public static JsonObject release(JsonObject update) {
    return update.put("$unset", update.getJsonObject("$unset", new JsonObject()).put(FIELD, ""));
  }
}
